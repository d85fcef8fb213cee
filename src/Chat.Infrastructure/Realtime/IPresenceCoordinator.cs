namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Decides, with several nodes, whether a user's presence changed for everyone: coming online on this node is news only
/// when no other node holds a socket of theirs, and going offline here only when none does.
/// </summary>
public interface IPresenceCoordinator
{
    /// <summary>
    /// Records that the user is now online (or offline) on this node; true when that changed their presence across all
    /// nodes (announce it), false when another node still decides it. When the nodes cannot be asked: true.
    /// </summary>
    Task<bool> ChangedAcrossNodesAsync(Guid userId, bool onlineHere, CancellationToken cancellationToken);
}

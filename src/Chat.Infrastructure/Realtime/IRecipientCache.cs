namespace Chat.Infrastructure.Realtime;

/// <summary>
/// The node's cache of who receives each conversation's events. Membership changes on this node invalidate it
/// directly; the scale-out bus relays invalidations from other nodes.
/// </summary>
public interface IRecipientCache
{
    /// <summary>Drops the cached recipients of one conversation; the next event reads them from the database.</summary>
    void Invalidate(Guid conversationId);

    /// <summary>Drops every cached entry (for example after the node lost contact with the other nodes).</summary>
    void InvalidateAll();
}

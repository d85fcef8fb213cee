namespace Chat.Application.Common.Interfaces;

/// <summary>Who is online right now: a user is online while at least one of their sockets is open.</summary>
public interface IPresenceTracker
{
    bool IsOnline(Guid userId);

    /// <summary>The subset of <paramref name="userIds"/> that is online.</summary>
    IReadOnlyCollection<Guid> OnlineAmong(IEnumerable<Guid> userIds);
}

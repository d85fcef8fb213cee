namespace Chat.Application.Features.Friends.GetFriendRequests;

/// <summary>The values of <c>?direction=</c>.</summary>
public static class FriendRequestDirection
{
    /// <summary>Requests sent to the caller (the default).</summary>
    public const string Incoming = "incoming";

    /// <summary>Requests the caller sent.</summary>
    public const string Outgoing = "outgoing";

    public static bool IsOutgoing(string? direction) => string.Equals(direction, Outgoing, StringComparison.OrdinalIgnoreCase);

    public static bool IsValid(string? direction) =>
        direction is null
        || string.Equals(direction, Incoming, StringComparison.OrdinalIgnoreCase)
        || IsOutgoing(direction);
}

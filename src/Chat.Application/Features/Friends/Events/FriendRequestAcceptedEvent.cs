namespace Chat.Application.Features.Friends.Events;

/// <summary>realtime.md <c>friend_request_accepted</c>: sent to the requester; <see cref="Friend"/> is the accepter, as the requester sees them.</summary>
public sealed record FriendRequestAcceptedEvent(FriendDto Friend)
{
    public string Type => "friend_request_accepted";
}

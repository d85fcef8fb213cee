namespace Chat.Application.Features.Friends.Events;

/// <summary>realtime.md <c>friend_request</c>: sent to the addressee when someone asks them to be friends.</summary>
public sealed record FriendRequestEvent(FriendRequestDto Request)
{
    public string Type => "friend_request";
}

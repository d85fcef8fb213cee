namespace Chat.Application.Features.Friends.Events;

/// <summary>realtime.md <c>friend_removed</c>: sent to the user who was unfriended (or blocked); <see cref="UserId"/> is the one who ended it.</summary>
public sealed record FriendRemovedEvent(Guid UserId)
{
    public string Type => "friend_removed";
}

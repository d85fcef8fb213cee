namespace Chat.Application.Features.Friends.SendFriendRequest;

/// <summary>Either a new pending <see cref="Request"/> (201), or the new <see cref="Friend"/> when asking back accepted theirs (200).</summary>
public sealed record SendFriendRequestResult(FriendRequestDto? Request, FriendDto? Friend);

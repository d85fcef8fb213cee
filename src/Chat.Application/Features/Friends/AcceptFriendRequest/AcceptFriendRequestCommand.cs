using MediatR;

namespace Chat.Application.Features.Friends.AcceptFriendRequest;

/// <summary>The addressee of request <see cref="RequestId"/> accepts it.</summary>
public sealed record AcceptFriendRequestCommand(Guid RequestId) : IRequest<FriendDto>;

using MediatR;

namespace Chat.Application.Features.Friends.CancelFriendRequest;

/// <summary>The requester withdraws request <see cref="RequestId"/>; the request is deleted.</summary>
public sealed record CancelFriendRequestCommand(Guid RequestId) : IRequest<Unit>;

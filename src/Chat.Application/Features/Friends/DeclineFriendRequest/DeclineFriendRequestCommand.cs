using MediatR;

namespace Chat.Application.Features.Friends.DeclineFriendRequest;

/// <summary>The addressee of request <see cref="RequestId"/> declines it; the request is deleted.</summary>
public sealed record DeclineFriendRequestCommand(Guid RequestId) : IRequest<Unit>;

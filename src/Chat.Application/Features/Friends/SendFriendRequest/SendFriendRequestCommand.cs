using MediatR;

namespace Chat.Application.Features.Friends.SendFriendRequest;

/// <summary>Asks <see cref="UserId"/> to be friends; when they had already asked the caller, their request is accepted instead.</summary>
public sealed record SendFriendRequestCommand(Guid UserId) : IRequest<SendFriendRequestResult>;

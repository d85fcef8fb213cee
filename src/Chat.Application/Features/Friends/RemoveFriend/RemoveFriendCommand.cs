using MediatR;

namespace Chat.Application.Features.Friends.RemoveFriend;

/// <summary>The caller unfriends <see cref="UserId"/>.</summary>
public sealed record RemoveFriendCommand(Guid UserId) : IRequest<Unit>;

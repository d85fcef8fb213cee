using MediatR;

namespace Chat.Application.Features.Friends.GetOnlineFriends;

/// <summary>Which of the caller's friends are online right now.</summary>
public sealed record GetOnlineFriendsQuery : IRequest<OnlineFriendsDto>;

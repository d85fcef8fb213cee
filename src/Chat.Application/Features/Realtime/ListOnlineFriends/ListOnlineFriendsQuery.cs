using MediatR;

namespace Chat.Application.Features.Realtime.ListOnlineFriends;

/// <summary>The ids of the caller's friends who are online now (the socket's <c>online_friends</c> on connect).</summary>
public sealed record ListOnlineFriendsQuery : IRequest<IReadOnlyList<Guid>>;

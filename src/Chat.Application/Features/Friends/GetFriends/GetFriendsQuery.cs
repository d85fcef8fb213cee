using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Friends.GetFriends;

/// <summary>The caller's friends, ordered by username.</summary>
public sealed record GetFriendsQuery(int? Limit, string? Cursor) : IRequest<CursorPage<FriendDto>>;

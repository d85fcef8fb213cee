using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Friends.GetFriendRequests;

/// <summary>The caller's pending friend requests, <c>incoming</c> (default) or <c>outgoing</c>, newest first.</summary>
public sealed record GetFriendRequestsQuery(string? Direction, int? Limit, string? Cursor) : IRequest<CursorPage<FriendRequestDto>>;

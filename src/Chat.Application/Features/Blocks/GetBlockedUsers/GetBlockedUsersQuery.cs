using Chat.Application.Common.Paging;
using Chat.Application.Features.Users;
using MediatR;

namespace Chat.Application.Features.Blocks.GetBlockedUsers;

/// <summary>The users the caller has blocked, most recently blocked first.</summary>
public sealed record GetBlockedUsersQuery(int? Limit, string? Cursor) : IRequest<CursorPage<UserSummaryDto>>;

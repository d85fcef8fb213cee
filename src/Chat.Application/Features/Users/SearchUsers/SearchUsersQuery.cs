using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Users.SearchUsers;

/// <summary>Users whose username or display name starts with <see cref="Search"/> (case-insensitive), by username.</summary>
public sealed record SearchUsersQuery(string? Search, int? Limit, string? Cursor) : IRequest<CursorPage<UserSummaryDto>>;

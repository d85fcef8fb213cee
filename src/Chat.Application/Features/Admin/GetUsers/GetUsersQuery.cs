using Chat.Application.Common.Behaviours;
using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Admin.GetUsers;

/// <summary>
/// Every account for administrators, by username (case-insensitive); <paramref name="Search"/> keeps those whose
/// username or display name starts with it. Pages of <c>limit</c> 1–100 (default 50).
/// </summary>
public sealed record GetUsersQuery(string? Search, int? Limit, string? Cursor) : IRequest<CursorPage<AdminUserDto>>, IAdministratorRequest;

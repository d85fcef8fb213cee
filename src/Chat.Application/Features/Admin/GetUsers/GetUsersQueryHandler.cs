using Chat.Domain.Common;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Admin.GetUsers;

internal sealed class GetUsersQueryHandler(IChatDbContext db) : IRequestHandler<GetUsersQuery, CursorPage<AdminUserDto>>
{
    public async Task<CursorPage<AdminUserDto>> Handle(GetUsersQuery request, CancellationToken cancellationToken)
    {
        var limit = PageLimits.Normalize(request.Limit);
        var query = db.Set<User>().AsNoTracking().Where(u => u.DeletedAt == null);
        var search = UnicodeText.FoldForSearch(request.Search?.Trim());
        if (!string.IsNullOrEmpty(search))
        {
            query = query.Where(u => u.NormalizedUsername.StartsWith(search) || u.NormalizedDisplayName.StartsWith(search));
        }

        if (Cursor.Decode(request.Cursor) is { } after)
        {
            query = query.Where(u => string.Compare(u.NormalizedUsername, after) > 0);
        }

        var rows = await query.OrderBy(u => u.NormalizedUsername)
            .Take(limit + 1)
            .Select(u => new AdminUserDto(u.Id, u.Username, u.DisplayName, u.CreatedAt, u.LastSeenAt, u.IsAdmin, u.DisabledAt, u.DisabledReason))
            .ToListAsync(cancellationToken);
        return CursorPage.FromRows(rows, limit, u => Cursor.Encode(User.Normalize(u.Username)));
    }
}

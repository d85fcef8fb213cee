using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Users;
using Chat.Domain.Friends;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Blocks.GetBlockedUsers;

internal sealed class GetBlockedUsersQueryHandler(IChatDbContext db, ICurrentUser currentUser)
    : IRequestHandler<GetBlockedUsersQuery, CursorPage<UserSummaryDto>>
{
    public async Task<CursorPage<UserSummaryDto>> Handle(GetBlockedUsersQuery request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var limit = PageLimits.Normalize(request.Limit);

        var blocks = db.Set<Block>().AsNoTracking().Where(b => b.BlockerId == me);
        // Newest first by when the block was placed, the id only breaking ties (never by the UUID v7 id alone: SQL
        // Server sorts uniqueidentifier by its last bytes, decisions/0009). Index (BlockerId, CreatedAt, Id).
        if (TimeIdCursor.Decode(request.Cursor) is var (time, id))
        {
            blocks = blocks.Where(b => b.CreatedAt < time || (b.CreatedAt == time && b.Id.CompareTo(id) < 0));
        }

        var rows = await (
                from b in blocks
                join u in db.Set<User>().AsNoTracking() on b.BlockedId equals u.Id
                orderby b.CreatedAt descending, b.Id descending
                select new { BlockId = b.Id, b.CreatedAt, User = new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl } })
            .Take(limit + 1)
            .ToListAsync(cancellationToken);

        return CursorPage.FromRows(rows, limit, r => r.User, r => TimeIdCursor.Encode(r.CreatedAt, r.BlockId));
    }
}

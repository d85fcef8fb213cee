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
        var before = GuidCursor.Decode(request.Cursor);
        if (before is not null)
        {
            // Block ids are UUID v7: ordering by id is ordering by when the block was placed.
            blocks = blocks.Where(b => b.Id.CompareTo(before.Value) < 0);
        }

        var rows = await (
                from b in blocks
                join u in db.Set<User>().AsNoTracking() on b.BlockedId equals u.Id
                orderby b.Id descending
                select new { BlockId = b.Id, User = new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl } })
            .Take(limit + 1)
            .ToListAsync(cancellationToken);

        return CursorPage.FromRows(rows, limit, r => r.User, r => GuidCursor.Encode(r.BlockId));
    }
}

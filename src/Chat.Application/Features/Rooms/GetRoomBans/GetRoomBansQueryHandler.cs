using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Users;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.GetRoomBans;

internal sealed class GetRoomBansQueryHandler(IChatDbContext db, ICurrentUser currentUser, RoomReader reader)
    : IRequestHandler<GetRoomBansQuery, CursorPage<RoomBanDto>>
{
    public async Task<CursorPage<RoomBanDto>> Handle(GetRoomBansQuery request, CancellationToken cancellationToken)
    {
        await reader.AuthorizeAsync(request.RoomId, currentUser.UserId, RoomAction.ListBans, cancellationToken);
        var size = PageLimits.Normalize(request.Limit);
        var bans = db.Set<RoomBan>().AsNoTracking().Where(b => b.RoomId == request.RoomId);
        // Oldest first by when the ban was placed, the id only breaking ties (SQL Server sorts uniqueidentifier by its
        // last bytes, decisions/0009). Index (RoomId, CreatedAt, Id).
        if (TimeIdCursor.Decode(request.Cursor) is var (time, id))
        {
            bans = bans.Where(b => b.CreatedAt > time || (b.CreatedAt == time && b.Id.CompareTo(id) > 0));
        }

        var rows = await (
                from b in bans.OrderBy(b => b.CreatedAt).ThenBy(b => b.Id).Take(size + 1)
                join u in db.Set<User>().AsNoTracking() on b.UserId equals u.Id
                orderby b.CreatedAt, b.Id
                select new
                {
                    b.Id,
                    Ban = new RoomBanDto
                    {
                        User = new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl },
                        Reason = b.Reason,
                        BannedBy = b.BannedById,
                        CreatedAt = b.CreatedAt,
                    },
                })
            .ToListAsync(cancellationToken);
        return CursorPage.FromRows(rows, size, r => r.Ban, r => TimeIdCursor.Encode(r.Ban.CreatedAt, r.Id));
    }
}

using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Users;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms.GetRoomMembers;

internal sealed class GetRoomMembersQueryHandler(IChatDbContext db, ICurrentUser currentUser, RoomReader reader)
    : IRequestHandler<GetRoomMembersQuery, CursorPage<RoomMemberDto>>
{
    public async Task<CursorPage<RoomMemberDto>> Handle(GetRoomMembersQuery request, CancellationToken cancellationToken)
    {
        await reader.AuthorizeAsync(request.RoomId, currentUser.UserId, RoomAction.ListMembers, cancellationToken);
        var size = PageLimits.Normalize(request.Limit);
        var members = db.Set<RoomMember>().AsNoTracking().Where(m => m.RoomId == request.RoomId);
        if (RoomCursors.DecodeId(request.Cursor) is { } after)
        {
            members = members.Where(m => m.Id.CompareTo(after) > 0);
        }

        var rows = await (
                from m in members.OrderBy(m => m.Id).Take(size + 1)
                join u in db.Set<User>().AsNoTracking() on m.UserId equals u.Id
                orderby m.Id
                select new
                {
                    m.Id,
                    Member = new RoomMemberDto
                    {
                        User = new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl },
                        Role = m.Role,
                        JoinedAt = m.JoinedAt,
                    },
                })
            .ToListAsync(cancellationToken);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? RoomCursors.EncodeId(page[^1].Id) : null;
        return new CursorPage<RoomMemberDto>(page.Select(r => r.Member).ToList(), next);
    }
}

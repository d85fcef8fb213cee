using Chat.Domain.Common;
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
        // Join order, the membership id only breaking ties (SQL Server sorts uniqueidentifier by its last bytes,
        // decisions/0009). Index (RoomId, JoinedAt, Id).
        if (TimeIdCursor.Decode(request.Cursor) is var (time, id))
        {
            members = members.Where(m => m.JoinedAt > time || (m.JoinedAt == time && m.Id.CompareTo(id) > 0));
        }

        var users = db.Set<User>().AsNoTracking();
        var search = UnicodeText.FoldForSearch(request.Search?.Trim());
        if (!string.IsNullOrEmpty(search))
        {
            users = users.Where(u => u.NormalizedUsername.StartsWith(search) || u.NormalizedDisplayName.StartsWith(search));
        }

        var rows = await (
                from m in members
                join u in users on m.UserId equals u.Id
                orderby m.JoinedAt, m.Id
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
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        return CursorPage.FromRows(rows, size, r => r.Member, r => TimeIdCursor.Encode(r.Member.JoinedAt, r.Id));
    }
}

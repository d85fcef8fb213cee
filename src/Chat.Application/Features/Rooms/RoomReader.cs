using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Rooms;

/// <summary>Read-side questions about rooms, each one query: DTO projections, the caller's access, member ids for events.</summary>
internal sealed class RoomReader(IChatDbContext db)
{
    /// <summary>Projects rooms to <see cref="RoomDto"/> as <paramref name="viewerId"/> sees them (member count and their role in SQL).</summary>
    public static IQueryable<RoomDto> Project(IQueryable<Room> rooms, Guid? viewerId) => rooms.Select(r => new RoomDto
    {
        Id = r.Id,
        Name = r.Name,
        Description = r.Description,
        IconUrl = r.IconUrl,
        IsPublic = r.IsPublic,
        OwnerId = r.OwnerId,
        MemberCount = r.Members.Count(),
        MyRole = r.Members.Where(m => m.UserId == viewerId).Select(m => (RoomRole?)m.Role).FirstOrDefault(),
        CreatedAt = r.CreatedAt,
    });

    /// <summary>The room as <paramref name="viewerId"/> sees it (null viewer: no <c>myRole</c>, for events); 404 when it does not exist.</summary>
    public async Task<RoomDto> RoomAsync(Guid roomId, Guid? viewerId, CancellationToken cancellationToken) =>
        await Project(db.Set<Room>().AsNoTracking().Where(r => r.Id == roomId), viewerId).FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("The room does not exist.");

    /// <summary>What the permission check needs about <paramref name="userId"/> in the room; 404 when the room does not exist.</summary>
    public async Task<RoomAccess> AccessAsync(Guid roomId, Guid userId, CancellationToken cancellationToken)
    {
        var row = await db.Set<Room>().AsNoTracking()
            .Where(r => r.Id == roomId)
            .Select(r => new
            {
                r.IsPublic,
                Role = r.Members.Where(m => m.UserId == userId).Select(m => (RoomRole?)m.Role).FirstOrDefault(),
                IsBanned = r.Bans.Any(b => b.UserId == userId),
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The room does not exist.");
        return new RoomAccess(row.IsPublic, row.Role, row.IsBanned);
    }

    /// <summary>Asks <see cref="RoomPermissions"/> whether <paramref name="userId"/> may take <paramref name="action"/>; throws its refusal.</summary>
    public async Task<RoomAccess> AuthorizeAsync(Guid roomId, Guid userId, RoomAction action, CancellationToken cancellationToken)
    {
        var access = await AccessAsync(roomId, userId, cancellationToken);
        RoomPermissions.Authorize(access, action);
        return access;
    }

    public async Task<RoomMemberDto> MemberAsync(Guid roomId, Guid userId, CancellationToken cancellationToken) =>
        await Members(roomId).Where(x => x.User.Id == userId).FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException($"User {userId} is not a member of this room.");

    /// <summary>Members with their user summaries, for projections (joined in SQL).</summary>
    public IQueryable<RoomMemberDto> Members(Guid roomId) =>
        from m in db.Set<RoomMember>().AsNoTracking()
        join u in db.Set<User>().AsNoTracking() on m.UserId equals u.Id
        where m.RoomId == roomId
        select new RoomMemberDto
        {
            User = new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl },
            Role = m.Role,
            JoinedAt = m.JoinedAt,
        };

    /// <summary>Every member's user id: who receives the room's events right now (one index range).</summary>
    public async Task<List<Guid>> MemberIdsAsync(Guid roomId, CancellationToken cancellationToken) =>
        await db.Set<RoomMember>().AsNoTracking().Where(m => m.RoomId == roomId).Select(m => m.UserId).ToListAsync(cancellationToken);

    public async Task<UserSummaryDto?> UserSummaryAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Set<User>().AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl })
            .FirstOrDefaultAsync(cancellationToken);

    public Task<bool> UserExistsAsync(Guid userId, CancellationToken cancellationToken) =>
        db.Set<User>().AnyAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
}

using Chat.Application.Common.Persistence;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Friends;

/// <summary>Builds the <see cref="FriendDto"/> and <see cref="FriendRequestDto"/> of one friendship (answers and live events).</summary>
internal sealed class FriendViews(IChatDbContext db, IPresenceTracker presence)
{
    public async Task<FriendDto> FriendAsync(Guid friendId, DateTime since, CancellationToken cancellationToken)
    {
        var friend = await db.Set<User>().AsNoTracking()
            .Where(u => u.Id == friendId)
            .Select(u => new { Summary = new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl }, u.LastSeenAt })
            .FirstOrDefaultAsync(cancellationToken) ?? throw FoundQueries.Gone($"user {friendId}");
        return new FriendDto(friend.Summary, since, presence.IsOnline(friendId), friend.LastSeenAt);
    }

    public async Task<FriendRequestDto> RequestAsync(Guid requestId, Guid fromId, Guid toId, DateTime createdAt, CancellationToken cancellationToken)
    {
        var users = await db.Set<User>().AsNoTracking()
            .Where(u => u.Id == fromId || u.Id == toId)
            .Select(u => new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl })
            .ToListAsync(cancellationToken);
        return new FriendRequestDto(requestId, users.Where(u => u.Id == fromId).SingleOrNotFound($"user {fromId}"), users.Where(u => u.Id == toId).SingleOrNotFound($"user {toId}"), createdAt);
    }
}

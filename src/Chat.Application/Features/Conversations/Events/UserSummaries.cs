using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>User summaries for membership events, in one query.</summary>
internal sealed class UserSummaries(IChatDbContext db)
{
    public async Task<IReadOnlyList<UserSummaryDto>> ReadAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken) =>
        await db.Set<User>()
            .Where(u => userIds.Contains(u.Id))
            .Select(u => new UserSummaryDto { Id = u.Id, Username = u.Username, DisplayName = u.DisplayName, AvatarUrl = u.AvatarUrl })
            .ToListAsync(cancellationToken);
}

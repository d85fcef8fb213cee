using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>Checks on the users a caller wants to talk to: they exist, and they are the caller's friends.</summary>
internal sealed class UserChecks(IChatDbContext db, IFriendshipQueries friendships)
{
    public async Task EnsureExistAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var wanted = userIds.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var found = await db.Set<User>().Where(u => wanted.Contains(u.Id) && u.DeletedAt == null).Select(u => u.Id).ToListAsync(cancellationToken);
        var missing = wanted.Except(found).ToList();
        if (missing.Count > 0)
        {
            throw new NotFoundException($"There is no user {missing[0]}.");
        }
    }

    public async Task EnsureFriendsAsync(Guid userId, IReadOnlyCollection<Guid> others, CancellationToken cancellationToken)
    {
        var friends = (await friendships.FriendIdsAsync(userId, cancellationToken)).ToHashSet();
        var stranger = others.FirstOrDefault(id => id != userId && !friends.Contains(id));
        if (stranger != Guid.Empty)
        {
            throw new ForbiddenException($"User {stranger} is not your friend.", "not_friends");
        }
    }
}

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Admin;

/// <summary>
/// Keeps at least one enabled administrator, also when two changes race (two admins revoking, disabling or deleting
/// each other at once). Inside the caller's transaction it locks the rows of every enabled administrator, one by one in
/// id order, with a conditional no-op UPDATE (PostgreSQL: row locks held to commit, taken in the same order by everyone,
/// so no deadlock; a row that stopped being an enabled admin while we waited no longer matches; SQLite: its IMMEDIATE
/// transactions already hold the database write lock) and counts the rows it locked: only those are admins now and
/// stay so until the commit.
/// </summary>
internal sealed class LastAdminGuard(IChatDbContext db)
{
    /// <summary>409 <c>last_admin</c> when <paramref name="userId"/> is an enabled administrator and no other would remain.</summary>
    public async Task RefuseLastAdminAsync(Guid userId, CancellationToken cancellationToken)
    {
        var candidates = await db.Set<User>().AsNoTracking()
            .Where(u => u.IsAdmin && u.DisabledAt == null && u.DeletedAt == null)
            .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        var others = 0;
        var targetIsAdmin = false;
        foreach (var id in candidates)
        {
            var locked = await db.Set<User>()
                .Where(u => u.Id == id && u.IsAdmin && u.DisabledAt == null && u.DeletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, u => u.IsAdmin), cancellationToken);
            if (locked == 0)
            {
                continue;
            }

            if (id == userId)
            {
                targetIsAdmin = true;
            }
            else
            {
                others++;
            }
        }

        if (targetIsAdmin && others == 0)
        {
            throw new ConflictException("The last administrator cannot lose the role.", "last_admin");
        }
    }
}

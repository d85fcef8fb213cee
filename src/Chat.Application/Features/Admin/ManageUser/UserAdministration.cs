using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Admin.ManageUser;

/// <summary>
/// The unit of work of an administrator's change to an account: load it (404 when unknown), change it and write the
/// audit record in one transaction, and, when the change needs it, end every login of the account after the commit
/// (refresh tokens revoked, access tokens refused and sockets closed at once on this node, on the others within
/// <c>Chat:Sessions:SyncSeconds</c>).
/// </summary>
internal sealed class UserAdministration(IChatDbContext db, ICurrentUser caller, AuditTrail audit, ISessionTerminator sessions, LastAdminGuard lastAdmin)
{
    public async Task<T> ChangeAsync<T>(
        Guid userId, string action, string? reason, bool endLogins, Func<User, CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        var result = await db.InTransactionAsync(
            async ct =>
            {
                var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, ct)
                    ?? throw new NotFoundException($"User {userId} does not exist.");
                var answer = await change(user, ct);
                await audit.RecordAsync(action, Domain.Administration.AuditActions.TargetUser, userId, reason, ct);
                await db.SaveChangesAsync(ct);
                return answer;
            },
            cancellationToken);
        if (endLogins)
        {
            await sessions.EndAllSessionsAsync(userId, except: null, cancellationToken);
        }

        return result;
    }

    /// <summary>400 <c>cannot_target_self</c>: an administrator does not disable, reset or demote their own account here.</summary>
    public void RefuseSelf(Guid userId, string what)
    {
        if (userId == caller.UserId)
        {
            throw new BadRequestException($"You cannot {what} your own account.", "cannot_target_self");
        }
    }

    /// <summary>409 <c>last_admin</c> when no other enabled administrator would remain (atomic under races: <see cref="LastAdminGuard"/>).</summary>
    public Task RefuseLastAdminAsync(Guid userId, CancellationToken cancellationToken) => lastAdmin.RefuseLastAdminAsync(userId, cancellationToken);
}

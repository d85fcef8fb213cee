using Chat.Application.Common.Interfaces;
using Chat.Domain.Administration;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Admin;

/// <summary>
/// Adds the audit record of the calling administrator's action to the unit of work; the handler's own save writes it,
/// so the record and the action commit (or roll back) together.
/// </summary>
internal sealed class AuditTrail(IChatDbContext db, ICurrentUser caller, TimeProvider clock)
{
    public async Task RecordAsync(string action, string targetType, Guid targetId, string? reason, CancellationToken cancellationToken)
    {
        var actorId = caller.UserId;
        var username = await db.Set<User>().Where(u => u.Id == actorId).Select(u => u.Username).SingleOrDefaultAsync(cancellationToken);
        db.Set<AuditRecord>().Add(AuditRecord.Write(
            actorId, username ?? string.Empty, action, targetType, targetId.ToString(), reason, caller.ClientAddress, clock.GetUtcNow().UtcDateTime));
    }
}

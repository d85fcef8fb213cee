using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Identity;

/// <summary>Revokes a login's refresh tokens (one update), then tells <see cref="SessionStates"/>, which refuses its tokens and closes its sockets.</summary>
public sealed class SessionTerminator(IChatDbContext db, SessionStates states, TimeProvider clock) : ISessionTerminator
{
    public async Task EndSessionAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<RefreshToken>()
            .Where(t => t.FamilyId == sessionId && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), CancellationToken.None);
        states.Ended(userId, sessionId);
    }

    public async Task EndAllSessionsAsync(Guid userId, Guid? except, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var keep = except ?? Guid.Empty;
        var families = await db.Set<RefreshToken>()
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.FamilyId != keep)
            .Select(t => t.FamilyId)
            .Distinct()
            .ToListAsync(cancellationToken);

        // Once the revocation has begun it runs to the end, even when the caller goes away.
        await db.Set<RefreshToken>()
            .Where(t => t.UserId == userId && t.RevokedAt == null && t.FamilyId != keep)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), CancellationToken.None);
        foreach (var family in families)
        {
            states.Ended(userId, family);
        }
    }
}

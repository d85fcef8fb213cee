using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Identity;

/// <summary>
/// Every <c>Chat:Sessions:SyncSeconds</c> (default 2) reads the logins revoked since the last look (one indexed query
/// per node) and ends them on this node too, so a logout on one node closes sockets and refuses tokens on every node
/// within a few seconds. Also prunes <see cref="SessionStates"/>.
/// </summary>
internal sealed class SessionRevocationSync(
    SessionStates states, IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<SessionRevocationSync> logger)
    : BackgroundService
{
    // Clocks of nodes differ a little and a revocation commits a little after its timestamp: look back a bit further.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Chat:Sessions:SyncSeconds", 2)));
        var since = clock.GetUtcNow().UtcDateTime - Overlap;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
                var now = clock.GetUtcNow().UtcDateTime;
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
                var revoked = await db.Set<RefreshToken>().AsNoTracking()
                    .Where(t => t.RevokedAt != null && t.RevokedAt >= since)
                    .Select(t => new { t.FamilyId, t.UserId })
                    .Distinct()
                    .ToListAsync(stoppingToken);
                foreach (var session in revoked.Where(s => !states.IsEnded(s.FamilyId)))
                {
                    states.Ended(session.UserId, session.FamilyId);
                }

                states.Prune();
                since = now - Overlap;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next round looks back to the same point; one line, the database's own health shows elsewhere.
                logger.LogWarning("Reading revoked sessions failed ({Error}); retrying", ex.GetType().Name);
            }
        }
    }
}

using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Auth.Logout;

internal sealed class LogoutCommandHandler(IChatDbContext db, ITokenService tokens, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<LogoutCommand, Unit>
{
    public async Task<Unit> Handle(LogoutCommand request, CancellationToken cancellationToken)
    {
        var hash = tokens.HashRefreshToken(request.RefreshToken);
        var userId = currentUser.UserId;
        var familyId = await db.Set<RefreshToken>()
            .Where(t => t.TokenHash == hash && t.UserId == userId)
            .Select(t => (Guid?)t.FamilyId)
            .FirstOrDefaultAsync(cancellationToken);

        // Unknown or foreign tokens are ignored: logout is idempotent and reveals nothing.
        if (familyId is not null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Set<RefreshToken>()
                .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        }

        return Unit.Value;
    }
}

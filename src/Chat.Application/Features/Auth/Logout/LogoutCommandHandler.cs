using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Auth.Logout;

internal sealed class LogoutCommandHandler(IChatDbContext db, ITokenService tokens, ICurrentUser currentUser, ISessionTerminator sessions)
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

        // Unknown or foreign tokens are ignored: logout is idempotent and reveals nothing. The caller's own login ends either way.
        if (familyId is not null)
        {
            await sessions.EndSessionAsync(userId, familyId.Value, cancellationToken);
        }

        if (currentUser.SessionId is { } own && own != familyId)
        {
            await sessions.EndSessionAsync(userId, own, cancellationToken);
        }

        return Unit.Value;
    }
}

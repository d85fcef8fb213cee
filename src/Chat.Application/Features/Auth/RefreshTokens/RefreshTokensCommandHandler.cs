using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Auth.RefreshTokens;

internal sealed class RefreshTokensCommandHandler(IChatDbContext db, ITokenService tokens, TokenPairIssuer issuer, TimeProvider clock)
    : IRequestHandler<RefreshTokensCommand, TokenPairDto>
{
    public async Task<TokenPairDto> Handle(RefreshTokensCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = tokens.HashRefreshToken(request.RefreshToken);
        var token = await db.Set<RefreshToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken)
            ?? throw Invalid();

        // Spend the token atomically, so two concurrent uses cannot both succeed.
        var spent = token.IsUsable(now) && await db.Set<RefreshToken>()
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken) == 1;

        if (!spent)
        {
            if (token.RevokedAt is null && token.ExpiresAt > now)
            {
                // A used token presented again: it leaked. Revoke everything descended from that login.
                await RevokeFamilyAsync(token.FamilyId, now, cancellationToken);
                throw new UnauthorizedException("This refresh token was already used; the session has been revoked.", "refresh_token_reused");
            }

            throw Invalid();
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == token.UserId, cancellationToken) ?? throw Invalid();
        var pair = issuer.Issue(user, token.FamilyId);
        await db.SaveChangesAsync(cancellationToken);
        return pair;
    }

    private Task RevokeFamilyAsync(Guid familyId, DateTime now, CancellationToken cancellationToken) =>
        db.Set<RefreshToken>()
            .Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);

    private static UnauthorizedException Invalid() => new("The refresh token is invalid or expired.");
}

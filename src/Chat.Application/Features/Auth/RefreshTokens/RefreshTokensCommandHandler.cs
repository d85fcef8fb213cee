using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Auth.RefreshTokens;

/// <summary>
/// Rotation is one conditional update (spend the token only while unused and unrevoked), so of two concurrent uses
/// exactly one wins; the loser is treated as reuse and ends the whole login. The winner checks its family once more
/// after saving its successor: a revocation that ran meanwhile could not see the successor, so the winner revokes it
/// and answers reuse too. Either way no token of a reused family keeps working.
/// </summary>
internal sealed class RefreshTokensCommandHandler(IChatDbContext db, ITokenService tokens, TokenPairIssuer issuer, ISessionTerminator sessions, TimeProvider clock)
    : IRequestHandler<RefreshTokensCommand, TokenPairDto>
{
    public async Task<TokenPairDto> Handle(RefreshTokensCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = tokens.HashRefreshToken(request.RefreshToken);
        var token = await db.Set<RefreshToken>().AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken)
            ?? throw Invalid();

        var spent = token.IsUsable(now) && await db.Set<RefreshToken>()
            .Where(t => t.Id == token.Id && t.UsedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken) == 1;

        if (!spent)
        {
            if (token.RevokedAt is null && token.ExpiresAt > now)
            {
                // A used token presented again (or the loser of a race for it): it leaked. End everything descended from that login.
                await sessions.EndSessionAsync(token.UserId, token.FamilyId, cancellationToken);
                throw Reused();
            }

            throw Invalid();
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == token.UserId && u.DeletedAt == null, cancellationToken) ?? throw Invalid();
        var pair = issuer.Issue(user, token.FamilyId);
        await db.SaveChangesAsync(cancellationToken);

        if (await db.Set<RefreshToken>().AnyAsync(t => t.FamilyId == token.FamilyId && t.RevokedAt != null, cancellationToken))
        {
            await sessions.EndSessionAsync(token.UserId, token.FamilyId, cancellationToken);
            throw Reused();
        }

        return pair;
    }

    private static UnauthorizedException Reused() => new("This refresh token was already used; the session has been revoked.", "refresh_token_reused");

    private static UnauthorizedException Invalid() => new("The refresh token is invalid or expired.");
}

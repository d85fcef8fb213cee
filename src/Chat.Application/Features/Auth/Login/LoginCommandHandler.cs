using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Auth.Login;

internal sealed class LoginCommandHandler(
    IChatDbContext db, IPasswordHasher hasher, ILoginThrottle throttle, ICurrentUser caller, TokenPairIssuer issuer)
    : IRequestHandler<LoginCommand, TokenPairDto>
{
    public async Task<TokenPairDto> Handle(LoginCommand request, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(request.Username);
        var retryAfter = throttle.RetryAfterSeconds(normalized, caller.ClientAddress);
        if (retryAfter is not null)
        {
            throw new RateLimitedException(retryAfter.Value);
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.NormalizedUsername == normalized && u.DeletedAt == null, cancellationToken);
        var check = user is null ? Burn(request.Password) : hasher.Verify(user.PasswordHash, request.Password);
        if (user is null || check == PasswordCheck.Failed)
        {
            throttle.RecordFailure(normalized, caller.ClientAddress);
            throw new UnauthorizedException("Wrong username or password.", "invalid_credentials");
        }

        // Only after the password matched, so the status of an account is not told to whoever guesses its name.
        if (user.DisabledAt is not null)
        {
            throw new ForbiddenException("This account is disabled.", "account_disabled");
        }

        if (check == PasswordCheck.SuccessRehashNeeded)
        {
            user.ChangePasswordHash(hasher.Hash(request.Password));
        }

        throttle.RecordSuccess(normalized, caller.ClientAddress);
        var pair = issuer.Issue(user);
        await db.SaveChangesAsync(cancellationToken);
        return pair;
    }

    // Hashing when the user does not exist keeps "unknown user" as slow as "wrong password".
    private PasswordCheck Burn(string password)
    {
        hasher.Hash(password);
        return PasswordCheck.Failed;
    }
}

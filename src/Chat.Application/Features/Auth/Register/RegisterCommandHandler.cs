using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Auth.Register;

internal sealed class RegisterCommandHandler(IChatDbContext db, IPasswordHasher hasher, TokenPairIssuer issuer, IReservedUsernames reserved, TimeProvider clock)
    : IRequestHandler<RegisterCommand, TokenPairDto>
{
    public async Task<TokenPairDto> Handle(RegisterCommand request, CancellationToken cancellationToken)
    {
        var normalized = User.Normalize(request.Username);
        // A name reserved for an administrator answers exactly like a taken one.
        var now = clock.GetUtcNow().UtcDateTime;
        // A deleted account's name stays taken through its quarantine (AccountOptions), answered like any taken name.
        if (reserved.IsReserved(normalized)
            || await db.Set<User>().AnyAsync(u => u.NormalizedUsername == normalized, cancellationToken)
            || await db.Set<UsernameHold>().AnyAsync(h => h.NormalizedUsername == normalized && h.ReleasedAt > now, cancellationToken))
        {
            throw Taken(request.Username);
        }

        var user = User.Register(request.Username, request.DisplayName, hasher.Hash(request.Password), now);
        db.Set<User>().Add(user);
        var pair = issuer.Issue(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent registration of the same name: the unique index refused the row.
            db.ClearTracking();
            if (await db.Set<User>().AnyAsync(u => u.NormalizedUsername == normalized, cancellationToken))
            {
                throw Taken(request.Username);
            }

            throw;
        }

        return pair;
    }

    private static ConflictException Taken(string username) => new($"The username '{username}' is taken.", "username_taken");
}

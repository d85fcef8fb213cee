using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Features.Users.DeleteAccount;

internal sealed class DeleteAccountCommandHandler(
    IChatDbContext db, IPasswordHasher hasher, ILoginThrottle throttle, ICurrentUser currentUser, ISessionTerminator sessions,
    AccountDeletion deletion, ILogger<DeleteAccountCommandHandler> logger)
    : IRequestHandler<DeleteAccountCommand, Unit>
{
    public async Task<Unit> Handle(DeleteAccountCommand request, CancellationToken cancellationToken)
    {
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == currentUser.UserId && u.DeletedAt == null, cancellationToken)
            ?? throw new UnauthorizedException("Sign in first.");

        // Guessing the password through this endpoint is throttled like guessing it at login.
        var retryAfter = throttle.RetryAfterSeconds(user.NormalizedUsername, currentUser.ClientAddress);
        if (retryAfter is not null)
        {
            throw new RateLimitedException(retryAfter.Value);
        }

        if (hasher.Verify(user.PasswordHash, request.Password!) == PasswordCheck.Failed)
        {
            throttle.RecordFailure(user.NormalizedUsername, currentUser.ClientAddress);
            throw new ForbiddenException("The password is wrong.", "invalid_credentials");
        }

        throttle.RecordSuccess(user.NormalizedUsername, currentUser.ClientAddress);
        await db.InTransactionAsync(
            async ct =>
            {
                var tracked = await db.Set<User>().SingleAsync(u => u.Id == user.Id && u.DeletedAt == null, ct);
                await deletion.EraseAsync(tracked, ct);
                return true;
            },
            cancellationToken);
        await sessions.EndAllSessionsAsync(user.Id, except: null, cancellationToken);
        logger.LogInformation("Account {UserId} deleted by its owner", user.Id);
        return Unit.Value;
    }
}

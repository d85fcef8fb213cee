using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Auth.ChangePassword;

internal sealed class ChangePasswordCommandHandler(
    IChatDbContext db, IPasswordHasher hasher, ILoginThrottle throttle, ICurrentUser currentUser, ISessionTerminator sessions)
    : IRequestHandler<ChangePasswordCommand, Unit>
{
    public async Task<Unit> Handle(ChangePasswordCommand request, CancellationToken cancellationToken)
    {
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == currentUser.UserId && u.DeletedAt == null, cancellationToken)
            ?? throw new UnauthorizedException("Sign in first.");

        // Guessing the current password through this endpoint is throttled like guessing it at login.
        var retryAfter = throttle.RetryAfterSeconds(user.NormalizedUsername, currentUser.ClientAddress);
        if (retryAfter is not null)
        {
            throw new RateLimitedException(retryAfter.Value);
        }

        if (hasher.Verify(user.PasswordHash, request.CurrentPassword) == PasswordCheck.Failed)
        {
            throttle.RecordFailure(user.NormalizedUsername, currentUser.ClientAddress);
            throw new ForbiddenException("The current password is wrong.", "invalid_credentials");
        }

        throttle.RecordSuccess(user.NormalizedUsername, currentUser.ClientAddress);
        user.ChangePasswordHash(hasher.Hash(request.NewPassword));
        await db.SaveChangesAsync(cancellationToken);
        await sessions.EndAllSessionsAsync(user.Id, except: currentUser.SessionId, cancellationToken);
        return Unit.Value;
    }
}

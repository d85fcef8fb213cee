using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Auth.LogoutEverywhere;

internal sealed class LogoutEverywhereCommandHandler(ICurrentUser currentUser, ISessionTerminator sessions)
    : IRequestHandler<LogoutEverywhereCommand, Unit>
{
    public async Task<Unit> Handle(LogoutEverywhereCommand request, CancellationToken cancellationToken)
    {
        await sessions.EndAllSessionsAsync(currentUser.UserId, except: null, cancellationToken);
        return Unit.Value;
    }
}

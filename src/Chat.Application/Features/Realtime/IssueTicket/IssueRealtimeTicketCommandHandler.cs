using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Realtime.IssueTicket;

internal sealed class IssueRealtimeTicketCommandHandler(IRealtimeTickets tickets, ICurrentUser currentUser)
    : IRequestHandler<IssueRealtimeTicketCommand, RealtimeTicketDto>
{
    public Task<RealtimeTicketDto> Handle(IssueRealtimeTicketCommand request, CancellationToken cancellationToken)
    {
        // Only access tokens carry a session and an expiry; the bearer scheme has refused any token without them.
        var session = currentUser.SessionId ?? throw new UnauthorizedException("Sign in first.");
        var expiresAt = currentUser.CredentialsExpireAt ?? throw new UnauthorizedException("Sign in first.");
        var ticket = tickets.Issue(new RealtimeTicketGrant(currentUser.UserId, currentUser.IsAdmin, session, expiresAt));
        return Task.FromResult(new RealtimeTicketDto(ticket, tickets.LifetimeSeconds));
    }
}

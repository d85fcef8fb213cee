using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Realtime.IssueTicket;

internal sealed class IssueRealtimeTicketCommandHandler(IRealtimeTickets tickets, ICurrentUser currentUser)
    : IRequestHandler<IssueRealtimeTicketCommand, RealtimeTicketDto>
{
    public Task<RealtimeTicketDto> Handle(IssueRealtimeTicketCommand request, CancellationToken cancellationToken)
    {
        var ticket = tickets.Issue(new RealtimeTicketGrant(currentUser.UserId, currentUser.IsAdmin));
        return Task.FromResult(new RealtimeTicketDto(ticket, tickets.LifetimeSeconds));
    }
}

using MediatR;

namespace Chat.Application.Features.Realtime.IssueTicket;

/// <summary>A single-use ticket that opens the caller's WebSocket within its lifetime.</summary>
public sealed record IssueRealtimeTicketCommand : IRequest<RealtimeTicketDto>;

namespace Chat.Application.Features.Realtime.IssueTicket;

/// <summary><c>{ ticket, expiresIn }</c>: open <c>/ws?ticket=…</c> within <see cref="ExpiresIn"/> seconds; the ticket works once.</summary>
public sealed record RealtimeTicketDto(string Ticket, int ExpiresIn);

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Who a redeemed socket ticket stands for: the user, their login (<paramref name="SessionId"/>) and when the access token
/// the ticket was bought with expires — the socket is bound to that login and lives no longer than that token.
/// </summary>
public sealed record RealtimeTicketGrant(Guid UserId, bool IsAdmin, Guid SessionId, DateTime CredentialsExpireAt);

/// <summary>
/// Short-lived, single-use tickets that open a WebSocket (<c>/ws?ticket=</c>), so browsers need not put their access
/// token in a URL. Only a hash of each ticket is kept.
/// </summary>
public interface IRealtimeTickets
{
    /// <summary>Seconds a ticket stays valid.</summary>
    int LifetimeSeconds { get; }

    /// <summary>A new ticket for this user; throws <c>RateLimitedException</c> when the store is full.</summary>
    string Issue(RealtimeTicketGrant grant);

    /// <summary>Spends a ticket: its grant the first time within its lifetime, else null.</summary>
    RealtimeTicketGrant? Redeem(string ticket);
}

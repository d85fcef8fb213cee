namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Ends logins. A session is one login: the family of refresh tokens that began with it, named by the <c>sid</c> claim
/// of every access token issued for it. Ending one revokes its refresh tokens in the database, makes this node refuse
/// its access tokens and tickets at once (other nodes within <c>Chat:Sessions:SyncSeconds</c>, default 2 s) and closes
/// its sockets with close code 4001 (realtime.md "Close codes"). Idempotent.
/// </summary>
public interface ISessionTerminator
{
    /// <summary>Ends one login of <paramref name="userId"/>.</summary>
    Task EndSessionAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Ends every login of <paramref name="userId"/> except <paramref name="except"/> (the caller's own, when kept).</summary>
    Task EndAllSessionsAsync(Guid userId, Guid? except, CancellationToken cancellationToken);
}

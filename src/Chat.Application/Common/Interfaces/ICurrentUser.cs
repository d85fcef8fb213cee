namespace Chat.Application.Common.Interfaces;

/// <summary>The caller of the current request, whichever transport it came over. Never taken from a payload.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    /// <summary>The caller's id; throws <c>UnauthorizedException</c> when nobody is signed in.</summary>
    Guid UserId { get; }

    bool IsAdmin { get; }

    /// <summary>The WebSocket session a command came over, so events can skip the sending socket; null over HTTP.</summary>
    Guid? SocketSessionId { get; }

    /// <summary>The login (refresh-token family) the caller's credential belongs to: the access token's <c>sid</c> claim.</summary>
    Guid? SessionId { get; }

    /// <summary>When the caller's access token expires (UTC); a socket opened with it lives no longer unless renewed.</summary>
    DateTime? CredentialsExpireAt { get; }

    /// <summary>The client's network address (for throttling), when known.</summary>
    string? ClientAddress { get; }
}

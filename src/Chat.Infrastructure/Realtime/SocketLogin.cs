namespace Chat.Infrastructure.Realtime;

/// <summary>What a socket is bound to: the login (<c>sid</c>) whose end closes it (4001) and the credential expiry that closes it (4002) unless renewed.</summary>
public sealed record SocketLogin(Guid SessionId, DateTimeOffset ExpiresAt);

/// <summary>The application's own close codes (realtime.md "Close codes"); 4000–4999 are reserved for applications by RFC 6455.</summary>
public static class SocketCloseCodes
{
    /// <summary>The login the socket belongs to ended: logout, logout everywhere, a password change, a reused refresh token, or an administrator.</summary>
    public const System.Net.WebSockets.WebSocketCloseStatus SessionEnded = (System.Net.WebSockets.WebSocketCloseStatus)4001;

    /// <summary>The access token the socket was opened (or last renewed) with expired without a <c>reauthenticate</c> frame.</summary>
    public const System.Net.WebSockets.WebSocketCloseStatus CredentialsExpired = (System.Net.WebSockets.WebSocketCloseStatus)4002;
}

using System.Security.Claims;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Identity;

namespace Chat.Api.Services;

/// <summary>
/// The caller: the bearer token's user over HTTP; over the socket the connection sets it for each command's scope
/// with <see cref="UseSocketCaller"/>.
/// </summary>
internal sealed class CurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? _socketPrincipal;

    public Guid? SocketSessionId { get; private set; }

    private ClaimsPrincipal? Principal => _socketPrincipal ?? accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true && TryGetUserId(out _);

    public Guid UserId => TryGetUserId(out var id) ? id : throw new UnauthorizedException("Sign in first.");

    public bool IsAdmin => Principal?.IsInRole("admin") == true;

    public Guid? SessionId => Guid.TryParse(Principal?.FindFirst(ChatClaims.Session)?.Value, out var id) ? id : null;

    public DateTime? CredentialsExpireAt =>
        long.TryParse(Principal?.FindFirst(ChatClaims.Expires)?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime : null;

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public void UseSocketCaller(ClaimsPrincipal principal, Guid sessionId)
    {
        _socketPrincipal = principal;
        SocketSessionId = sessionId;
    }

    private bool TryGetUserId(out Guid id)
    {
        id = Guid.Empty;
        var sub = Principal?.FindFirst("sub")?.Value;
        return sub is not null && Guid.TryParse(sub, out id);
    }
}

using MediatR;

namespace Chat.Application.Features.Auth.Logout;

/// <summary>Ends the login that <see cref="RefreshToken"/> belongs to (and the caller's own): refresh tokens revoked, access tokens refused, sockets closed (4001).</summary>
public sealed record LogoutCommand(string RefreshToken) : IRequest<Unit>;

using MediatR;

namespace Chat.Application.Features.Auth.Logout;

/// <summary>Ends the login that <see cref="RefreshToken"/> belongs to: its whole family is revoked.</summary>
public sealed record LogoutCommand(string RefreshToken) : IRequest<Unit>;

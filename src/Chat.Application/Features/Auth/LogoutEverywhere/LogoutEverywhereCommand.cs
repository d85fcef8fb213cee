using MediatR;

namespace Chat.Application.Features.Auth.LogoutEverywhere;

/// <summary>Ends every login of the caller, this one included: all refresh tokens revoked, access tokens refused, sockets closed (4001).</summary>
public sealed record LogoutEverywhereCommand : IRequest<Unit>;

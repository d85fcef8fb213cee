using MediatR;

namespace Chat.Application.Features.Auth.RefreshTokens;

/// <summary>Trades a refresh token for a new pair; the presented token is spent.</summary>
public sealed record RefreshTokensCommand(string RefreshToken) : IRequest<TokenPairDto>;

using MediatR;

namespace Chat.Application.Features.Auth.Login;

public sealed record LoginCommand(string Username, string Password) : IRequest<TokenPairDto>;

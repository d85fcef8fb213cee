using MediatR;

namespace Chat.Application.Features.Auth.Register;

public sealed record RegisterCommand(string Username, string Password, string? DisplayName) : IRequest<TokenPairDto>;

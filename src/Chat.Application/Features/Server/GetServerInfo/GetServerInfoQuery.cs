using MediatR;

namespace Chat.Application.Features.Server.GetServerInfo;

/// <summary>The server's name, version and the features it has (rest.md "Server"); needs no sign-in.</summary>
public sealed record GetServerInfoQuery : IRequest<ServerInfoDto>;

using System.Reflection;
using Chat.Application.Features.Server;
using Chat.Application.Features.Server.GetServerInfo;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>What this server is and which features it has (rest.md "Server"), so clients show only what works.</summary>
public static class ServerEndpoints
{
    /// <summary>Default for <c>Chat:Server:Name</c>.</summary>
    public const string DefaultName = "Chat";

    public static void MapServerEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/server", GetInfo).WithTags("Server").AllowAnonymous().Produces<ServerInfoDto>();

    /// <summary>The server's name, version and feature list; needs no sign-in.</summary>
    /// <remarks>
    /// <c>features</c> lists lower-case names, sorted, each present only when this build serves it: <c>accounts</c>,
    /// <c>friends</c>, <c>conversations</c>, <c>rooms</c>, <c>realtime</c>, and, where built, <c>attachments</c> and <c>search</c>.
    /// </remarks>
    /// <response code="200"><c>{ name, version, features: [string] }</c>.</response>
    public static async Task<IResult> GetInfo(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetServerInfoQuery(), ct));

    /// <summary>The name from <c>Chat:Server:Name</c> and the version of this build (its informational version, without build metadata).</summary>
    public static ServerIdentity Identity(IConfiguration configuration)
    {
        var name = configuration["Chat:Server:Name"] is { Length: > 0 } configured ? configured.Trim() : DefaultName;
        var assembly = typeof(ServerEndpoints).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+');
        return new ServerIdentity(name, plus < 0 ? version : version[..plus]);
    }
}

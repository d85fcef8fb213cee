namespace Chat.Application.Features.Server.GetServerInfo;

/// <summary><c>{ name, version, features }</c>: features are lower-case names (<see cref="ServerFeatures"/>), sorted, each once.</summary>
public sealed record ServerInfoDto
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public required IReadOnlyList<string> Features { get; init; }
}

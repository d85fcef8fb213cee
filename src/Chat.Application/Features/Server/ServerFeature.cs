namespace Chat.Application.Features.Server;

/// <summary>
/// One capability the server has, as <c>GET /api/v1/server</c> lists it (rest.md "Server"). Each feature module registers
/// its own with <see cref="ServerFeatureRegistration.AddServerFeature"/> when it is wired, so the list names exactly what
/// this build serves and a client hides what is missing.
/// </summary>
/// <param name="Name">Stable lower-case name, e.g. <c>rooms</c> (<see cref="ServerFeatures"/>).</param>
public sealed record ServerFeature(string Name);

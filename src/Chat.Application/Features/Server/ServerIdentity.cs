namespace Chat.Application.Features.Server;

/// <summary>What this server calls itself: <c>Chat:Server:Name</c> (default <c>Chat</c>) and the build's version.</summary>
public sealed record ServerIdentity(string Name, string Version);

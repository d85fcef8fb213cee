using MediatR;

namespace Chat.Application.Features.Realtime.PublishPresence;

/// <summary>
/// Tells a user's friends that the user came online (first socket opened) or went offline (last socket closed);
/// going offline also records <c>lastSeenAt</c>. Sent by the server itself, never by a client.
/// </summary>
public sealed record PublishPresenceCommand(Guid UserId, bool IsOnline) : IRequest<Unit>;

using MediatR;

namespace Chat.Application.Features.Rooms.DeleteChannel;

/// <summary>Deletes a channel with its messages (admin+).</summary>
public sealed record DeleteChannelCommand(Guid RoomId, Guid ChannelId) : IRequest<Unit>;

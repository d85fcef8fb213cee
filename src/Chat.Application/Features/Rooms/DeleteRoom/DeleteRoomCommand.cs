using MediatR;

namespace Chat.Application.Features.Rooms.DeleteRoom;

/// <summary>Deletes a room with everything in it (owner only).</summary>
public sealed record DeleteRoomCommand(Guid RoomId) : IRequest<Unit>;

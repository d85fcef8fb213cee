using MediatR;

namespace Chat.Application.Features.Rooms.TransferRoom;

/// <summary>Hands the room to another member (owner only); the previous owner becomes an admin.</summary>
public sealed record TransferRoomCommand(Guid RoomId, Guid UserId) : IRequest<Unit>;

using MediatR;

namespace Chat.Application.Features.Rooms.LeaveRoom;

/// <summary>Leaves a room; the owner must transfer it first.</summary>
public sealed record LeaveRoomCommand(Guid RoomId) : IRequest<Unit>;

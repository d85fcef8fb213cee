using MediatR;

namespace Chat.Application.Features.Rooms.JoinRoom;

/// <summary>Joins a public room as a member.</summary>
public sealed record JoinRoomCommand(Guid RoomId) : IRequest<RoomDto>;

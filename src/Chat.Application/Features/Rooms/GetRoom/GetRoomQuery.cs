using MediatR;

namespace Chat.Application.Features.Rooms.GetRoom;

/// <summary>A room, for its members or, when public, anyone; a private room answers 404 to outsiders.</summary>
public sealed record GetRoomQuery(Guid RoomId) : IRequest<RoomDto>;

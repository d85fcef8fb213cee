using MediatR;

namespace Chat.Application.Features.Rooms.UpdateRoom;

/// <summary>Changes a room's details (admin+). A null field stays; an empty description or icon URL clears it.</summary>
public sealed record UpdateRoomCommand(Guid RoomId, string? Name, string? Description, string? IconUrl, bool? IsPublic) : IRequest<RoomDto>;

using MediatR;

namespace Chat.Application.Features.Rooms.CreateRoom;

/// <summary>Creates a room owned by the caller.</summary>
public sealed record CreateRoomCommand(string Name, string? Description, string? IconUrl, bool IsPublic) : IRequest<RoomDto>;

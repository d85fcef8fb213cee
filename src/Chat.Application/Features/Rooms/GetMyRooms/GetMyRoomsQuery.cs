using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Rooms.GetMyRooms;

/// <summary>The rooms the caller belongs to, by name.</summary>
public sealed record GetMyRoomsQuery(int? Limit, string? Cursor) : IRequest<CursorPage<RoomDto>>;

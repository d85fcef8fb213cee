using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Rooms.DiscoverRooms;

/// <summary>Public rooms whose name starts with <see cref="Search"/> (case-insensitive), by name.</summary>
public sealed record DiscoverRoomsQuery(string? Search, int? Limit, string? Cursor) : IRequest<CursorPage<RoomDto>>;

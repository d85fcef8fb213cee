using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Rooms.GetRoomBans;

/// <summary>A room's bans, oldest first (moderator+).</summary>
public sealed record GetRoomBansQuery(Guid RoomId, int? Limit, string? Cursor) : IRequest<CursorPage<RoomBanDto>>;

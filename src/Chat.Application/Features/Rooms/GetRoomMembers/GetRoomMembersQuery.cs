using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Rooms.GetRoomMembers;

/// <summary>A room's members in join order (members only).</summary>
public sealed record GetRoomMembersQuery(Guid RoomId, int? Limit, string? Cursor) : IRequest<CursorPage<RoomMemberDto>>;

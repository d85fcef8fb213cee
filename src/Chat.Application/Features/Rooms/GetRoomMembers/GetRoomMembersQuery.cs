using Chat.Application.Common.Paging;
using MediatR;

namespace Chat.Application.Features.Rooms.GetRoomMembers;

/// <summary>
/// A room's members in join order (members only). <see cref="Search"/>, when given, keeps the members whose username or
/// display name starts with it (case-insensitive) — what @mention completion asks for.
/// </summary>
public sealed record GetRoomMembersQuery(Guid RoomId, int? Limit, string? Cursor, string? Search = null) : IRequest<CursorPage<RoomMemberDto>>;

using MediatR;

namespace Chat.Application.Features.Rooms.AddRoomMember;

/// <summary>Adds a user to a room as a member (admin+).</summary>
public sealed record AddRoomMemberCommand(Guid RoomId, Guid UserId) : IRequest<RoomMemberDto>;

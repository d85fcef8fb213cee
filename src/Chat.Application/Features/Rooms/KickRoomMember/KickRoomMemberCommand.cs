using MediatR;

namespace Chat.Application.Features.Rooms.KickRoomMember;

/// <summary>Removes a member of a lower role (moderator+); they may join again.</summary>
public sealed record KickRoomMemberCommand(Guid RoomId, Guid UserId) : IRequest<Unit>;

using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Application.Features.Rooms.ChangeRoomMemberRole;

/// <summary>Gives a member another role: the owner sets any role below owner; an admin sets moderator or member on members below admin.</summary>
public sealed record ChangeRoomMemberRoleCommand(Guid RoomId, Guid UserId, RoomRole? Role) : IRequest<RoomMemberDto>;

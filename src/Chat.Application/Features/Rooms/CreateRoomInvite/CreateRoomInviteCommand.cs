using MediatR;

namespace Chat.Application.Features.Rooms.CreateRoomInvite;

/// <summary>Makes an invite link (moderator+, or any member of a public room). Null limits: unlimited uses, never expires.</summary>
public sealed record CreateRoomInviteCommand(Guid RoomId, int? MaxUses, int? ExpiresInSeconds) : IRequest<InviteDto>;

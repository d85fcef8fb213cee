using MediatR;

namespace Chat.Application.Features.Rooms.BanRoomUser;

/// <summary>Bans a user from a room (moderator+ over a lower role); a member loses the membership.</summary>
public sealed record BanRoomUserCommand(Guid RoomId, Guid UserId, string? Reason) : IRequest<Unit>;

using MediatR;

namespace Chat.Application.Features.Rooms.UnbanRoomUser;

/// <summary>Lifts a ban (moderator+).</summary>
public sealed record UnbanRoomUserCommand(Guid RoomId, Guid UserId) : IRequest<Unit>;

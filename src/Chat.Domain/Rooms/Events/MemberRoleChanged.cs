using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

public sealed record MemberRoleChanged(Guid RoomId, Guid UserId, RoomRole Role) : IDomainEvent;

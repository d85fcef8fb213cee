using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

public sealed record UserUnbanned(Guid RoomId, Guid UserId) : IDomainEvent;

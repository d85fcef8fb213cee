using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

public sealed record RoomCreated(Guid RoomId, Guid OwnerId) : IDomainEvent;

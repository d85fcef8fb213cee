using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

public sealed record UserBanned(Guid RoomId, Guid UserId, Guid BannedById) : IDomainEvent;

using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

public sealed record ChannelDeleted(Guid RoomId, Guid ChannelId) : IDomainEvent;

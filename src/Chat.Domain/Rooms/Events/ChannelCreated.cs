using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

public sealed record ChannelCreated(Guid RoomId, Guid ChannelId) : IDomainEvent;

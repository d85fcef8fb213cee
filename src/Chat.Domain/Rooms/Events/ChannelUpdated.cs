using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

public sealed record ChannelUpdated(Guid RoomId, Guid ChannelId) : IDomainEvent;

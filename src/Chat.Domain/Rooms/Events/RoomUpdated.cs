using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

/// <summary>Name, description, icon, visibility or owner changed.</summary>
public sealed record RoomUpdated(Guid RoomId) : IDomainEvent;

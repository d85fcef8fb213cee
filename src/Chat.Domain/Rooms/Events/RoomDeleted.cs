using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

/// <summary>The room is gone; <paramref name="MemberIds"/> are who belonged to it (nobody can be looked up after the commit).</summary>
public sealed record RoomDeleted(Guid RoomId, IReadOnlyList<Guid> MemberIds) : IDomainEvent;

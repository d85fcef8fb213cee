using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

/// <summary>A user became a member: joined, accepted an invite, or was added (<paramref name="AddedById"/>).</summary>
public sealed record MemberJoined(Guid RoomId, Guid UserId, Guid? AddedById) : IDomainEvent;

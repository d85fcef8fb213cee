using Chat.Domain.Common;

namespace Chat.Domain.Rooms.Events;

/// <summary>A user stopped being a member: left, was kicked or was banned.</summary>
public sealed record MemberLeft(Guid RoomId, Guid UserId, MemberLeaveReason Reason) : IDomainEvent;

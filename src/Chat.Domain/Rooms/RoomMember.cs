using Chat.Domain.Common;

namespace Chat.Domain.Rooms;

/// <summary>A user's membership of a room, with their role.</summary>
public sealed class RoomMember : Entity
{
    private RoomMember()
    {
    }

    internal RoomMember(Guid roomId, Guid userId, RoomRole role, DateTime joinedAt)
    {
        RoomId = roomId;
        UserId = userId;
        Role = role;
        JoinedAt = joinedAt;
    }

    public Guid RoomId { get; private set; }

    public Guid UserId { get; private set; }

    public RoomRole Role { get; private set; }

    public DateTime JoinedAt { get; private set; }

    internal void ChangeRole(RoomRole role) => Role = role;
}

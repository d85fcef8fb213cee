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

    /// <summary>
    /// When the membership began, and its join point in every channel of the room: a member with no read row in a
    /// channel has read exactly the messages created at or before it (message times never go back within a channel,
    /// so those are a seq prefix). docs/decisions/0012-no-per-member-work-per-message.md.
    /// </summary>
    public DateTime JoinedAt { get; private set; }

    /// <summary>
    /// Moves the join point forward to <paramref name="at"/> (never back): taken under the room's lock at save time, at
    /// or after the newest message of every channel, so no message stored before the join counts as unread.
    /// </summary>
    public void JoinAt(DateTime at)
    {
        if (at > JoinedAt)
        {
            JoinedAt = at;
        }
    }

    internal void ChangeRole(RoomRole role) => Role = role;
}

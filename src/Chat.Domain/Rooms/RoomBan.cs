using Chat.Domain.Common;

namespace Chat.Domain.Rooms;

/// <summary>A user who may not join a room (nor accept its invites) until a moderator lifts the ban.</summary>
public sealed class RoomBan : Entity
{
    private RoomBan()
    {
    }

    internal RoomBan(Guid roomId, Guid userId, Guid bannedById, string? reason, DateTime createdAt)
    {
        RoomId = roomId;
        UserId = userId;
        BannedById = bannedById;
        Reason = reason;
        CreatedAt = createdAt;
    }

    public Guid RoomId { get; private set; }

    public Guid UserId { get; private set; }

    public Guid BannedById { get; private set; }

    public string? Reason { get; private set; }

    public DateTime CreatedAt { get; private set; }
}

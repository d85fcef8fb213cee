namespace Chat.Domain.Rooms;

/// <summary>A room member's role, declared from lowest to highest rank so ranks compare with <c>&lt;</c> and <c>&gt;</c>.</summary>
public enum RoomRole
{
    Member,
    Moderator,
    Admin,
    Owner,
}

namespace Chat.Domain.Rooms;

/// <summary>What the permission check needs to know about a user and a room.</summary>
/// <param name="RoomIsPublic">Whether the room is listed and joinable by anyone.</param>
/// <param name="Role">The user's role, or null when they are not a member.</param>
/// <param name="IsBanned">Whether the user is banned from the room.</param>
public readonly record struct RoomAccess(bool RoomIsPublic, RoomRole? Role, bool IsBanned)
{
    public bool IsMember => Role is not null;
}

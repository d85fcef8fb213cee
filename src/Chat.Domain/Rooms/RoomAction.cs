namespace Chat.Domain.Rooms;

/// <summary>Everything a user can try to do in a room; <see cref="RoomPermissions"/> says who may.</summary>
public enum RoomAction
{
    /// <summary>See the room: members, or anyone when it is public.</summary>
    View,
    /// <summary>Become a member of a public room.</summary>
    Join,
    /// <summary>Become a member through an invite (any room, not banned).</summary>
    AcceptInvite,
    Leave,
    Update,
    Delete,
    TransferOwnership,
    ListMembers,
    AddMember,
    ChangeRole,
    Kick,
    Ban,
    Unban,
    ListBans,
    CreateInvite,
    /// <summary>List the channels and read text channels.</summary>
    ReadChannels,
    /// <summary>Write in text channels.</summary>
    SendMessage,
    /// <summary>Create, rename, reorder and delete channels.</summary>
    ManageChannels,
    /// <summary>Delete other members' messages in the room's channels.</summary>
    DeleteAnyMessage,
}

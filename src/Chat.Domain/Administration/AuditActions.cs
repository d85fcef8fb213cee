namespace Chat.Domain.Administration;

/// <summary>The <see cref="AuditRecord.Action"/> names (stable: operators filter by them).</summary>
public static class AuditActions
{
    public const string MessageDelete = "message.delete";
    public const string RoomDelete = "room.delete";
    public const string RoomBan = "room.ban";

    public const string TargetUser = "user";
    public const string TargetMessage = "message";
    public const string TargetRoom = "room";
}

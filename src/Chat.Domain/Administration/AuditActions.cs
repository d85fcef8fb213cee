namespace Chat.Domain.Administration;

/// <summary>The <see cref="AuditRecord.Action"/> names (stable: operators filter by them).</summary>
public static class AuditActions
{
    public const string MessageDelete = "message.delete";
    public const string RoomDelete = "room.delete";
    public const string RoomBan = "room.ban";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    public const string PasswordReset = "user.password_reset";
    public const string AdminGrant = "user.admin_grant";
    public const string AdminRevoke = "user.admin_revoke";
    public const string UserDelete = "user.delete";

    public const string TargetUser = "user";
    public const string TargetMessage = "message";
    public const string TargetRoom = "room";
}

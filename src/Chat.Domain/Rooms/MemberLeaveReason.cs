namespace Chat.Domain.Rooms;

/// <summary>Why a member stopped being one.</summary>
public enum MemberLeaveReason
{
    Left,
    Kicked,
    Banned,
}

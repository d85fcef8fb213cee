using Chat.Domain.Common;

namespace Chat.Domain.Rooms;

/// <summary>
/// The one place that says who may do what in a room. Handlers and the <see cref="Room"/> aggregate ask it;
/// nothing else decides.
/// <list type="bullet">
/// <item>Non-members of a private room learn nothing: every action answers <c>not_found</c> (404) — except that a banned
/// user who tries to join is told <c>banned</c>, and invites work for any room.</item>
/// <item>Non-members of a public room may view it and join it (unless banned: 403 <c>banned</c>); anything else is
/// 403 <c>not_a_member</c>.</item>
/// <item>Members need the minimum role of <see cref="MinimumRole"/>, else 403 <c>role_too_low</c>.</item>
/// <item>Kick and ban work only on a lower role (<see cref="AuthorizeOver"/>); role changes follow <see cref="AuthorizeRoleChange"/>.</item>
/// </list>
/// </summary>
public static class RoomPermissions
{
    public const string NotFoundCode = "not_found";
    public const string NotAMemberCode = "not_a_member";
    public const string RoleTooLowCode = "role_too_low";
    public const string BannedCode = "banned";
    public const string AlreadyMemberCode = "already_member";
    public const string OwnerMustTransferCode = "owner_must_transfer";

    /// <summary>The lowest role that may take <paramref name="action"/> (for members).</summary>
    public static RoomRole MinimumRole(RoomAction action, bool roomIsPublic) => action switch
    {
        RoomAction.View or RoomAction.Join or RoomAction.AcceptInvite or RoomAction.Leave or RoomAction.ListMembers
            or RoomAction.ReadChannels or RoomAction.SendMessage => RoomRole.Member,
        RoomAction.CreateInvite => roomIsPublic ? RoomRole.Member : RoomRole.Moderator,
        RoomAction.Kick or RoomAction.Ban or RoomAction.Unban or RoomAction.ListBans or RoomAction.DeleteAnyMessage => RoomRole.Moderator,
        RoomAction.Update or RoomAction.AddMember or RoomAction.ChangeRole or RoomAction.ManageChannels => RoomRole.Admin,
        RoomAction.Delete or RoomAction.TransferOwnership => RoomRole.Owner,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown room action."),
    };

    /// <summary>Whether <paramref name="access"/> allows <paramref name="action"/>, without saying why not.</summary>
    public static bool Allows(RoomAccess access, RoomAction action) => Refusal(access, action) is null;

    /// <summary>Throws the refusal (with its stable code) when <paramref name="access"/> does not allow <paramref name="action"/>.</summary>
    public static void Authorize(RoomAccess access, RoomAction action)
    {
        if (Refusal(access, action) is { } refusal)
        {
            throw refusal;
        }
    }

    /// <summary>Kick and ban: only over a strictly lower role (so never oneself, never the owner).</summary>
    public static void AuthorizeOver(RoomRole actorRole, RoomRole targetRole)
    {
        if (actorRole <= targetRole)
        {
            throw RoleTooLow("You can only do that to members of a lower role.");
        }
    }

    /// <summary>
    /// The owner sets any role below owner on anyone else; an admin sets moderator or member on members below admin.
    /// Nobody sets <see cref="RoomRole.Owner"/> this way (that is a transfer).
    /// </summary>
    public static void AuthorizeRoleChange(RoomRole actorRole, RoomRole targetRole, RoomRole newRole)
    {
        if (newRole == RoomRole.Owner)
        {
            throw new DomainException("validation_failed", "Ownership is handed over with a transfer, not a role change.", DomainErrorKind.Invalid);
        }

        var mayAssign = actorRole switch
        {
            RoomRole.Owner => targetRole < RoomRole.Owner,
            RoomRole.Admin => targetRole < RoomRole.Admin && newRole < RoomRole.Admin,
            _ => false,
        };
        if (!mayAssign)
        {
            throw RoleTooLow("Your role cannot give that role to that member.");
        }
    }

    private static DomainException? Refusal(RoomAccess access, RoomAction action)
    {
        if (access.Role is not { } role)
        {
            return NonMemberRefusal(access, action);
        }

        if (action == RoomAction.Join)
        {
            return new DomainException(AlreadyMemberCode, "You are already a member of this room.", DomainErrorKind.Conflict);
        }

        if (role < MinimumRole(action, access.RoomIsPublic))
        {
            return RoleTooLow($"Your role ({role.ToString().ToLowerInvariant()}) is too low for that.");
        }

        if (action == RoomAction.Leave && role == RoomRole.Owner)
        {
            return new DomainException(OwnerMustTransferCode, "The owner must transfer the room before leaving it.", DomainErrorKind.Conflict);
        }

        return null;
    }

    private static DomainException? NonMemberRefusal(RoomAccess access, RoomAction action)
    {
        switch (action)
        {
            case RoomAction.AcceptInvite:
                return access.IsBanned ? Banned() : null;
            case RoomAction.Join when access.IsBanned:
                return Banned();
            case RoomAction.Join or RoomAction.View when access.RoomIsPublic:
                return null;
        }

        return access.RoomIsPublic
            ? new DomainException(NotAMemberCode, "You are not a member of this room.", DomainErrorKind.Forbidden)
            : NotFound();
    }

    public static DomainException NotFound() => new(NotFoundCode, "The room does not exist.", DomainErrorKind.NotFound);

    private static DomainException Banned() => new(BannedCode, "You are banned from this room.", DomainErrorKind.Forbidden);

    private static DomainException RoleTooLow(string message) => new(RoleTooLowCode, message, DomainErrorKind.Forbidden);
}

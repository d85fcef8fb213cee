using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms.Events;

namespace Chat.Domain.Rooms;

/// <summary>
/// A community ("server"): members with roles, bans and invites; its channels are conversations of kind channel.
/// <para>
/// A room can have many members, so commands load only the part they touch: <see cref="Members"/> and
/// <see cref="Bans"/> hold at least the rows of the users an operation names (the actor and its target), and
/// <see cref="Invites"/> the invite being used. Every permission question goes to <see cref="RoomPermissions"/>.
/// </para>
/// </summary>
public sealed class Room : Entity
{
    private readonly List<RoomMember> _members = [];
    private readonly List<RoomBan> _bans = [];
    private readonly List<RoomInvite> _invites = [];

    private Room()
    {
        Name = NormalizedName = string.Empty;
    }

    public string Name { get; private set; }

    /// <summary>The name folded for search (<see cref="UnicodeText.FoldForSearch"/>): what discovery searches and lists sort by.</summary>
    public string NormalizedName { get; private set; }

    public string? Description { get; private set; }

    public string? IconUrl { get; private set; }

    public bool IsPublic { get; private set; }

    public Guid OwnerId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyCollection<RoomMember> Members => _members;

    public IReadOnlyCollection<RoomBan> Bans => _bans;

    public IReadOnlyCollection<RoomInvite> Invites => _invites;

    /// <summary>A new room whose creator is its owner, with its first channel: <c>general</c>, a text channel.</summary>
    public static (Room Room, Conversation General) Create(Guid ownerId, string name, string? description, string? iconUrl, bool isPublic, DateTime now)
    {
        var room = new Room
        {
            Id = Ids.NewFor<Room>(),
            OwnerId = ownerId,
            IsPublic = isPublic,
            CreatedAt = now,
            UpdatedAt = now,
        };
        room.Rename(name);
        room.Description = NormalizeDescription(description);
        room.IconUrl = NormalizeOptional(iconUrl);
        room._members.Add(new RoomMember(room.Id, ownerId, RoomRole.Owner, now));
        room.Raise(new RoomCreated(room.Id, ownerId));
        var general = Conversation.CreateChannel(room.Id, RoomLimits.DefaultChannelName, ChannelType.Text, null, 0, now);
        return (room, general);
    }

    public static string NormalizeName(string? name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (UnicodeText.CodePoints(trimmed) is 0 or > RoomLimits.NameMaxLength || !UnicodeText.HasVisibleCharacter(trimmed))
        {
            throw new DomainException(
                "validation_failed", $"Name must be 1–{RoomLimits.NameMaxLength} {UnicodeText.Unit} with a visible one.", DomainErrorKind.Invalid);
        }

        return trimmed;
    }

    public RoomMember? MemberOf(Guid userId) => _members.Find(m => m.UserId == userId);

    public bool IsBanned(Guid userId) => _bans.Exists(b => b.UserId == userId);

    public RoomAccess AccessOf(Guid userId) => new(IsPublic, MemberOf(userId)?.Role, IsBanned(userId));

    /// <summary>Changes the room's details (admin+). A null field stays; an empty description or icon clears it.</summary>
    public void Update(Guid actorId, string? name, string? description, string? iconUrl, bool? isPublic, DateTime now)
    {
        Demand(actorId, RoomAction.Update);
        var before = (Name, Description, IconUrl, IsPublic);
        if (name is not null)
        {
            Rename(name);
        }

        if (description is not null)
        {
            Description = NormalizeDescription(description);
        }

        if (iconUrl is not null)
        {
            IconUrl = NormalizeOptional(iconUrl);
        }

        IsPublic = isPublic ?? IsPublic;
        if (before != (Name, Description, IconUrl, IsPublic))
        {
            UpdatedAt = now;
            Raise(new RoomUpdated(Id));
        }
    }

    /// <summary>Records the deletion (owner only); <paramref name="memberIds"/> are told after the commit.</summary>
    public void Delete(Guid actorId, IReadOnlyList<Guid> memberIds)
    {
        Demand(actorId, RoomAction.Delete);
        Raise(new RoomDeleted(Id, memberIds));
    }

    /// <summary>Joins a public room (not when banned).</summary>
    public RoomMember Join(Guid userId, DateTime now)
    {
        RoomPermissions.Authorize(AccessOf(userId), RoomAction.Join);
        return Admit(userId, addedById: null, now);
    }

    /// <summary>
    /// Joins through an invite, public room or private. Already a member: nothing changes and no use is spent.
    /// An expired or used-up invite is <c>not_found</c>, as if it never existed.
    /// </summary>
    public RoomMember AcceptInvite(RoomInvite invite, Guid userId, DateTime now)
    {
        if (invite.RoomId != Id || !_invites.Contains(invite))
        {
            throw new InvalidOperationException($"Invite {invite.Code} must be loaded with room {Id}.");
        }

        if (!invite.IsUsable(now))
        {
            throw InviteNotFound();
        }

        RoomPermissions.Authorize(AccessOf(userId), RoomAction.AcceptInvite);
        if (MemberOf(userId) is { } existing)
        {
            return existing;
        }

        invite.Use();
        return Admit(userId, addedById: null, now);
    }

    public static DomainException InviteNotFound() => new("not_found", "The invite does not exist, has expired or is used up.", DomainErrorKind.NotFound);

    /// <summary>Leaves the room; the owner must transfer it first (409 <c>owner_must_transfer</c>).</summary>
    public void Leave(Guid userId)
    {
        var member = Demand(userId, RoomAction.Leave);
        _members.Remove(member);
        Raise(new MemberLeft(Id, userId, MemberLeaveReason.Left));
    }

    /// <summary>
    /// A member's account was deleted: the membership ends. An owner's room passes to <paramref name="heirId"/> (the
    /// caller picks the member of highest role, longest there; docs/api/rest.md "Deleting an account"), which must be
    /// loaded; an owner with no heir means the room is deleted instead (the caller does that).
    /// </summary>
    public void RemoveDeletedAccount(Guid userId, Guid? heirId, DateTime now)
    {
        var member = MemberOf(userId) ?? throw MemberNotFound(userId);
        if (member.Role == RoomRole.Owner)
        {
            var heir = (heirId is { } id ? MemberOf(id) : null)
                ?? throw new InvalidOperationException($"The owner of room {Id} leaves only to a loaded heir.");
            heir.ChangeRole(RoomRole.Owner);
            OwnerId = heir.UserId;
            UpdatedAt = now;
            Raise(new RoomUpdated(Id));
            Raise(new MemberRoleChanged(Id, heir.UserId, RoomRole.Owner));
        }

        _members.Remove(member);
        Raise(new MemberLeft(Id, userId, MemberLeaveReason.Left));
    }

    /// <summary>Hands the room to another member (owner only); the previous owner becomes an admin.</summary>
    public void TransferOwnership(Guid actorId, Guid newOwnerId, DateTime now)
    {
        var owner = Demand(actorId, RoomAction.TransferOwnership);
        if (newOwnerId == actorId)
        {
            throw new DomainException("bad_request", "You already own this room.", DomainErrorKind.BadRequest);
        }

        var heir = MemberOf(newOwnerId) ?? throw MemberNotFound(newOwnerId);
        owner.ChangeRole(RoomRole.Admin);
        heir.ChangeRole(RoomRole.Owner);
        OwnerId = newOwnerId;
        UpdatedAt = now;
        Raise(new RoomUpdated(Id));
        Raise(new MemberRoleChanged(Id, actorId, RoomRole.Admin));
        Raise(new MemberRoleChanged(Id, newOwnerId, RoomRole.Owner));
    }

    /// <summary>Adds a user as a member (admin+); a banned user must be unbanned first.</summary>
    public RoomMember AddMember(Guid actorId, Guid userId, DateTime now)
    {
        Demand(actorId, RoomAction.AddMember);
        if (IsBanned(userId))
        {
            throw new DomainException(RoomPermissions.BannedCode, "That user is banned from this room; lift the ban first.", DomainErrorKind.Forbidden);
        }

        if (MemberOf(userId) is not null)
        {
            throw new DomainException(RoomPermissions.AlreadyMemberCode, "That user is already a member.", DomainErrorKind.Conflict);
        }

        return Admit(userId, actorId, now);
    }

    /// <summary>Gives a member another role, within <see cref="RoomPermissions.AuthorizeRoleChange"/>.</summary>
    public RoomMember ChangeRole(Guid actorId, Guid userId, RoomRole role)
    {
        var actor = Demand(actorId, RoomAction.ChangeRole);
        var target = MemberOf(userId) ?? throw MemberNotFound(userId);
        RoomPermissions.AuthorizeRoleChange(actor.Role, target.Role, role);
        if (target.Role != role)
        {
            target.ChangeRole(role);
            Raise(new MemberRoleChanged(Id, userId, role));
        }

        return target;
    }

    /// <summary>Removes a member of a lower role (moderator+). They may come back: kicking is not banning.</summary>
    public void Kick(Guid actorId, Guid userId)
    {
        var actor = Demand(actorId, RoomAction.Kick);
        var target = MemberOf(userId) ?? throw MemberNotFound(userId);
        RoomPermissions.AuthorizeOver(actor.Role, target.Role);
        _members.Remove(target);
        Raise(new MemberLeft(Id, userId, MemberLeaveReason.Kicked));
    }

    /// <summary>
    /// Bans a user (moderator+): a member must be of a lower role and loses the membership; a non-member can be banned
    /// ahead of time. Banning someone already banned changes nothing.
    /// </summary>
    public void Ban(Guid actorId, Guid userId, string? reason, DateTime now)
    {
        var actor = Demand(actorId, RoomAction.Ban);
        var target = MemberOf(userId);
        if (target is not null)
        {
            RoomPermissions.AuthorizeOver(actor.Role, target.Role);
        }
        else if (userId == actorId)
        {
            throw new DomainException(RoomPermissions.RoleTooLowCode, "You cannot ban yourself.", DomainErrorKind.Forbidden);
        }

        if (IsBanned(userId))
        {
            return;
        }

        if (target is not null)
        {
            _members.Remove(target);
            Raise(new MemberLeft(Id, userId, MemberLeaveReason.Banned));
        }

        var trimmedReason = NormalizeOptional(reason);
        if (UnicodeText.CodePoints(trimmedReason) > RoomLimits.BanReasonMaxLength)
        {
            throw new DomainException("validation_failed", $"Reason must be at most {RoomLimits.BanReasonMaxLength} {UnicodeText.Unit}.", DomainErrorKind.Invalid);
        }

        _bans.Add(new RoomBan(Id, userId, actorId, trimmedReason, now));
        Raise(new UserBanned(Id, userId, actorId));
    }

    /// <summary>
    /// A global administrator's ban (not a member of the room): anyone but the owner (403 <c>role_too_low</c>; delete the
    /// room instead). A member loses the membership; banning someone already banned changes nothing.
    /// </summary>
    public void BanByAdministrator(Guid administratorId, Guid userId, string? reason, DateTime now)
    {
        if (userId == OwnerId)
        {
            throw new DomainException(RoomPermissions.RoleTooLowCode, "The room's owner cannot be banned; delete the room instead.", DomainErrorKind.Forbidden);
        }

        var trimmedReason = NormalizeOptional(reason);
        if (UnicodeText.CodePoints(trimmedReason) > RoomLimits.BanReasonMaxLength)
        {
            throw new DomainException("validation_failed", $"Reason must be at most {RoomLimits.BanReasonMaxLength} {UnicodeText.Unit}.", DomainErrorKind.Invalid);
        }

        if (IsBanned(userId))
        {
            return;
        }

        if (MemberOf(userId) is { } target)
        {
            _members.Remove(target);
            Raise(new MemberLeft(Id, userId, MemberLeaveReason.Banned));
        }

        _bans.Add(new RoomBan(Id, userId, administratorId, trimmedReason, now));
        Raise(new UserBanned(Id, userId, administratorId));
    }

    /// <summary>A global administrator deletes the room; <paramref name="memberIds"/> are told (read before the rows go).</summary>
    public void DeleteByAdministrator(IReadOnlyList<Guid> memberIds) => Raise(new RoomDeleted(Id, memberIds));

    /// <summary>Lifts a ban (moderator+); <c>not_found</c> when the user is not banned.</summary>
    public void Unban(Guid actorId, Guid userId)
    {
        Demand(actorId, RoomAction.Unban);
        var ban = _bans.Find(b => b.UserId == userId)
            ?? throw new DomainException("not_found", "That user is not banned from this room.", DomainErrorKind.NotFound);
        _bans.Remove(ban);
        Raise(new UserUnbanned(Id, userId));
    }

    /// <summary>Makes an invite (moderator+, or any member of a public room).</summary>
    public RoomInvite CreateInvite(Guid actorId, string code, int? maxUses, TimeSpan? lifetime, DateTime now)
    {
        Demand(actorId, RoomAction.CreateInvite);
        if (maxUses is < 1 or > RoomLimits.InviteMaxUsesLimit)
        {
            throw new DomainException("validation_failed", $"maxUses must be 1–{RoomLimits.InviteMaxUsesLimit}.", DomainErrorKind.Invalid);
        }

        if (lifetime is { } span && (span <= TimeSpan.Zero || span > TimeSpan.FromSeconds(RoomLimits.InviteMaxLifetimeSeconds)))
        {
            throw new DomainException("validation_failed", "An invite lives between one second and 30 days.", DomainErrorKind.Invalid);
        }

        var invite = new RoomInvite(Id, code, actorId, maxUses, now + lifetime, now);
        _invites.Add(invite);
        return invite;
    }

    /// <summary>
    /// Adds a channel (admin+). Every member can read it at once (channel access is room membership; no row per member);
    /// the caller picks <paramref name="position"/> (the end of the list when the client gave none).
    /// </summary>
    public Conversation CreateChannel(Guid actorId, string name, ChannelType type, string? topic, int position, DateTime now)
    {
        Demand(actorId, RoomAction.ManageChannels);
        if (!Enum.IsDefined(type))
        {
            throw new DomainException("validation_failed", "A channel is text or voice.", DomainErrorKind.Invalid);
        }

        var channel = Conversation.CreateChannel(Id, name, type, topic, position, now);
        Raise(new ChannelCreated(Id, channel.Id));
        return channel;
    }

    /// <summary>Renames, re-topics or moves a channel of this room (admin+). A null field stays; an empty topic clears it.</summary>
    public void UpdateChannel(Guid actorId, Conversation channel, string? name, string? topic, int? position, DateTime now)
    {
        Demand(actorId, RoomAction.ManageChannels);
        EnsureOwnChannel(channel);
        if (channel.UpdateChannel(name, topic, position, now))
        {
            Raise(new ChannelUpdated(Id, channel.Id));
        }
    }

    /// <summary>Records a channel's deletion (admin+); the caller removes it, and its messages go with it.</summary>
    public void DeleteChannel(Guid actorId, Conversation channel)
    {
        Demand(actorId, RoomAction.ManageChannels);
        EnsureOwnChannel(channel);
        Raise(new ChannelDeleted(Id, channel.Id));
    }

    private void EnsureOwnChannel(Conversation channel)
    {
        if (channel.Kind != ConversationKind.Channel || channel.RoomId != Id)
        {
            throw new DomainException("not_found", "The room has no such channel.", DomainErrorKind.NotFound);
        }
    }

    /// <summary>Checks <paramref name="userId"/> may take <paramref name="action"/> and returns their membership.</summary>
    private RoomMember Demand(Guid userId, RoomAction action)
    {
        RoomPermissions.Authorize(AccessOf(userId), action);
        return MemberOf(userId) ?? throw new InvalidOperationException($"{action} needs a member.");
    }

    private RoomMember Admit(Guid userId, Guid? addedById, DateTime now)
    {
        var member = new RoomMember(Id, userId, RoomRole.Member, now);
        _members.Add(member);
        Raise(new MemberJoined(Id, userId, addedById));
        return member;
    }

    private void Rename(string name)
    {
        Name = NormalizeName(name);
        NormalizedName = UnicodeText.FoldForSearch(Name);
    }

    private static string? NormalizeDescription(string? description)
    {
        var value = NormalizeOptional(description);
        if (UnicodeText.CodePoints(value) > RoomLimits.DescriptionMaxLength)
        {
            throw new DomainException("validation_failed", $"Description must be at most {RoomLimits.DescriptionMaxLength} {UnicodeText.Unit}.", DomainErrorKind.Invalid);
        }

        return value;
    }

    private static string? NormalizeOptional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DomainException MemberNotFound(Guid userId) =>
        new("not_found", $"User {userId} is not a member of this room.", DomainErrorKind.NotFound);
}

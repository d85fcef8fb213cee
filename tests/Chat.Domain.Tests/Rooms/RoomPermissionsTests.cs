using Chat.Domain.Common;
using Chat.Domain.Rooms;

namespace Chat.Domain.Tests.Rooms;

public sealed class RoomPermissionsTests
{
    public static TheoryData<RoomRole, RoomRole, bool> OverRules()
    {
        var data = new TheoryData<RoomRole, RoomRole, bool>();
        foreach (var actor in Enum.GetValues<RoomRole>())
        {
            foreach (var target in Enum.GetValues<RoomRole>())
            {
                data.Add(actor, target, actor > target);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OverRules))]
    public void Kick_and_ban_work_only_over_a_strictly_lower_role(RoomRole actor, RoomRole target, bool allowed)
    {
        var act = () => RoomPermissions.AuthorizeOver(actor, target);

        if (allowed)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
        }
    }

    [Theory]
    // The owner sets any role below owner on anyone but themself.
    [InlineData(RoomRole.Owner, RoomRole.Admin, RoomRole.Member, true)]
    [InlineData(RoomRole.Owner, RoomRole.Member, RoomRole.Admin, true)]
    [InlineData(RoomRole.Owner, RoomRole.Moderator, RoomRole.Admin, true)]
    [InlineData(RoomRole.Owner, RoomRole.Owner, RoomRole.Admin, false)]
    // An admin sets moderator or member on members below admin.
    [InlineData(RoomRole.Admin, RoomRole.Member, RoomRole.Moderator, true)]
    [InlineData(RoomRole.Admin, RoomRole.Moderator, RoomRole.Member, true)]
    [InlineData(RoomRole.Admin, RoomRole.Member, RoomRole.Admin, false)]
    [InlineData(RoomRole.Admin, RoomRole.Admin, RoomRole.Member, false)]
    [InlineData(RoomRole.Admin, RoomRole.Owner, RoomRole.Member, false)]
    // Nobody else changes roles.
    [InlineData(RoomRole.Moderator, RoomRole.Member, RoomRole.Moderator, false)]
    [InlineData(RoomRole.Member, RoomRole.Member, RoomRole.Moderator, false)]
    public void Role_changes_follow_the_rank_rules(RoomRole actor, RoomRole target, RoomRole newRole, bool allowed)
    {
        var act = () => RoomPermissions.AuthorizeRoleChange(actor, target, newRole);

        if (allowed)
        {
            act.Should().NotThrow();
        }
        else
        {
            act.Should().Throw<DomainException>().Which.Code.Should().Be("role_too_low");
        }
    }

    [Fact]
    public void Nobody_is_made_owner_by_a_role_change()
    {
        var act = () => RoomPermissions.AuthorizeRoleChange(RoomRole.Owner, RoomRole.Admin, RoomRole.Owner);

        act.Should().Throw<DomainException>().Which.Kind.Should().Be(DomainErrorKind.Invalid);
    }

    [Theory]
    [InlineData(RoomAction.View, true, null)]
    [InlineData(RoomAction.Join, true, null)]
    [InlineData(RoomAction.AcceptInvite, true, null)]
    [InlineData(RoomAction.ListMembers, true, "not_a_member")]
    [InlineData(RoomAction.SendMessage, true, "not_a_member")]
    [InlineData(RoomAction.View, false, "not_found")]
    [InlineData(RoomAction.Join, false, "not_found")]
    [InlineData(RoomAction.AcceptInvite, false, null)]
    [InlineData(RoomAction.Leave, false, "not_found")]
    public void Outsiders_may_view_and_join_public_rooms_and_learn_nothing_of_private_ones(RoomAction action, bool isPublic, string? refusal) =>
        CodeOf(new RoomAccess(isPublic, null, false), action).Should().Be(refusal);

    [Theory]
    [InlineData(RoomAction.Join, true)]
    [InlineData(RoomAction.Join, false)]
    [InlineData(RoomAction.AcceptInvite, true)]
    [InlineData(RoomAction.AcceptInvite, false)]
    public void Banned_users_cannot_join_or_accept_invites(RoomAction action, bool isPublic) =>
        CodeOf(new RoomAccess(isPublic, null, true), action).Should().Be("banned");

    [Fact]
    public void Every_action_has_a_minimum_role_and_members_below_it_are_refused()
    {
        foreach (var action in Enum.GetValues<RoomAction>().Where(a => a != RoomAction.Join))
        {
            foreach (var role in Enum.GetValues<RoomRole>())
            {
                var expected = role < RoomPermissions.MinimumRole(action, roomIsPublic: false) ? "role_too_low"
                    : action == RoomAction.Leave && role == RoomRole.Owner ? "owner_must_transfer"
                    : null;
                CodeOf(new RoomAccess(false, role, false), action).Should().Be(expected, $"{role} {action}");
            }
        }
    }

    [Fact]
    public void Any_member_may_invite_to_a_public_room_but_only_moderators_to_a_private_one()
    {
        RoomPermissions.Allows(new RoomAccess(true, RoomRole.Member, false), RoomAction.CreateInvite).Should().BeTrue();
        RoomPermissions.Allows(new RoomAccess(false, RoomRole.Member, false), RoomAction.CreateInvite).Should().BeFalse();
        RoomPermissions.Allows(new RoomAccess(false, RoomRole.Moderator, false), RoomAction.CreateInvite).Should().BeTrue();
    }

    [Fact]
    public void A_member_joining_again_is_a_conflict() =>
        CodeOf(new RoomAccess(true, RoomRole.Member, false), RoomAction.Join).Should().Be("already_member");

    private static string? CodeOf(RoomAccess access, RoomAction action)
    {
        try
        {
            RoomPermissions.Authorize(access, action);
            return null;
        }
        catch (DomainException ex)
        {
            return ex.Code;
        }
    }
}

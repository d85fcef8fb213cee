using Chat.Domain.Common;
using Chat.Domain.Friends;

namespace Chat.Domain.Tests.Friends;

public sealed class FriendshipTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private readonly Guid _alice = Guid.CreateVersion7();
    private readonly Guid _bob = Guid.CreateVersion7();

    [Fact]
    public void A_request_is_pending_stores_the_pair_ordered_and_records_that_it_was_sent()
    {
        var friendship = Friendship.Request(_bob, _alice, [], Now);

        friendship.Status.Should().Be(FriendshipStatus.Pending);
        friendship.RequesterId.Should().Be(_bob);
        friendship.AddresseeId.Should().Be(_alice);
        friendship.UserLowId.CompareTo(friendship.UserHighId).Should().BeNegative();
        new[] { friendship.UserLowId, friendship.UserHighId }.Should().BeEquivalentTo([_alice, _bob]);
        friendship.CreatedAt.Should().Be(Now);
        friendship.AcceptedAt.Should().BeNull();
        friendship.DomainEvents.Should().ContainSingle().Which.Should().Be(new FriendRequestSent(friendship.Id, _bob, _alice, Now));
    }

    [Fact]
    public void The_pair_order_is_the_same_whichever_side_asks()
    {
        Friendship.Order(_alice, _bob).Should().Be(Friendship.Order(_bob, _alice));
        var fromAlice = Friendship.Request(_alice, _bob, [], Now);
        var fromBob = Friendship.Request(_bob, _alice, [], Now);
        (fromAlice.UserLowId, fromAlice.UserHighId).Should().Be((fromBob.UserLowId, fromBob.UserHighId));
    }

    [Fact]
    public void A_request_to_yourself_is_refused()
    {
        ShouldRefuse(() => Friendship.Request(_alice, _alice, [], Now), "cannot_befriend_self", DomainErrorKind.BadRequest);
    }

    [Fact]
    public void A_block_in_either_direction_stops_a_new_request()
    {
        var aliceBlockedBob = Block.Place(_alice, _bob, null, Now);

        ShouldRefuse(() => Friendship.Request(_alice, _bob, [aliceBlockedBob], Now), "blocked", DomainErrorKind.Forbidden);
        ShouldRefuse(() => Friendship.Request(_bob, _alice, [aliceBlockedBob], Now), "blocked", DomainErrorKind.Forbidden);
    }

    [Fact]
    public void A_block_between_other_users_does_not_stop_a_request()
    {
        var unrelated = Block.Place(_alice, Guid.CreateVersion7(), null, Now);

        Friendship.Request(_alice, _bob, [unrelated], Now).Status.Should().Be(FriendshipStatus.Pending);
    }

    [Fact]
    public void Asking_again_while_your_request_is_pending_is_a_conflict()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);

        ShouldRefuse(() => friendship.RequestAgain(_alice, [], Now), "request_exists", DomainErrorKind.Conflict);
        friendship.Status.Should().Be(FriendshipStatus.Pending);
    }

    [Fact]
    public void Asking_back_accepts_the_other_users_pending_request()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);
        friendship.ClearDomainEvents();

        friendship.RequestAgain(_bob, [], Now.AddMinutes(1));

        friendship.Status.Should().Be(FriendshipStatus.Accepted);
        friendship.RequesterId.Should().Be(_alice);
        friendship.AcceptedAt.Should().Be(Now.AddMinutes(1));
        friendship.DomainEvents.Should().ContainSingle()
            .Which.Should().Be(new FriendRequestAccepted(friendship.Id, _alice, _bob, Now.AddMinutes(1)));
    }

    [Fact]
    public void Asking_once_already_friends_is_a_conflict_from_either_side()
    {
        var friendship = Accepted();

        ShouldRefuse(() => friendship.RequestAgain(_alice, [], Now), "already_friends", DomainErrorKind.Conflict);
        ShouldRefuse(() => friendship.RequestAgain(_bob, [], Now), "already_friends", DomainErrorKind.Conflict);
    }

    [Fact]
    public void Only_the_addressee_can_accept()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);

        ShouldRefuse(() => friendship.Accept(_alice, [], Now), "not_addressee", DomainErrorKind.Forbidden);
        friendship.Status.Should().Be(FriendshipStatus.Pending);
    }

    [Fact]
    public void Accepting_makes_them_friends_and_records_who_accepted()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);
        friendship.ClearDomainEvents();

        friendship.Accept(_bob, [], Now.AddHours(1));

        friendship.IsAccepted.Should().BeTrue();
        friendship.AcceptedAt.Should().Be(Now.AddHours(1));
        friendship.DomainEvents.Should().ContainSingle()
            .Which.Should().Be(new FriendRequestAccepted(friendship.Id, _alice, _bob, Now.AddHours(1)));
    }

    [Fact]
    public void Accepting_twice_is_a_conflict()
    {
        var friendship = Accepted();

        ShouldRefuse(() => friendship.Accept(_bob, [], Now), "already_friends", DomainErrorKind.Conflict);
    }

    [Fact]
    public void A_pending_request_cannot_be_accepted_across_a_block()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);
        var bobBlockedAlice = Block.Place(_bob, _alice, null, Now);

        ShouldRefuse(() => friendship.Accept(_bob, [bobBlockedAlice], Now), "blocked", DomainErrorKind.Forbidden);
    }

    [Fact]
    public void Only_the_addressee_can_decline_and_only_while_pending()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);

        ShouldRefuse(() => friendship.Decline(_alice), "not_addressee", DomainErrorKind.Forbidden);
        friendship.Invoking(f => f.Decline(_bob)).Should().NotThrow();
        ShouldRefuse(() => Accepted().Decline(_bob), "already_friends", DomainErrorKind.Conflict);
    }

    [Fact]
    public void Only_the_requester_can_cancel_and_only_while_pending()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);

        ShouldRefuse(() => friendship.Cancel(_bob), "not_requester", DomainErrorKind.Forbidden);
        friendship.Invoking(f => f.Cancel(_alice)).Should().NotThrow();
        ShouldRefuse(() => Accepted().Cancel(_alice), "already_friends", DomainErrorKind.Conflict);
    }

    [Fact]
    public void Removing_a_friend_records_who_removed_whom()
    {
        var friendship = Accepted();

        friendship.Remove(_bob);

        friendship.DomainEvents.Should().ContainSingle().Which.Should().Be(new FriendRemoved(friendship.Id, _bob, _alice));
    }

    [Fact]
    public void A_pending_request_is_not_a_friendship_to_remove()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);

        ShouldRefuse(() => friendship.Remove(_alice), "not_friends", DomainErrorKind.NotFound);
    }

    [Fact]
    public void Someone_outside_the_pair_is_not_part_of_it()
    {
        var friendship = Accepted();
        var carol = Guid.CreateVersion7();

        friendship.Involves(carol).Should().BeFalse();
        friendship.Invoking(f => f.OtherThan(carol)).Should().Throw<ArgumentException>();
        friendship.OtherThan(_alice).Should().Be(_bob);
    }

    private Friendship Accepted()
    {
        var friendship = Friendship.Request(_alice, _bob, [], Now);
        friendship.Accept(_bob, [], Now);
        friendship.ClearDomainEvents();
        return friendship;
    }

    private static void ShouldRefuse(Action act, string code, DomainErrorKind kind) =>
        act.Should().Throw<DomainException>().Where(e => e.Code == code && e.Kind == kind);

    private static void ShouldRefuse(Func<Friendship> act, string code, DomainErrorKind kind) =>
        act.Should().Throw<DomainException>().Where(e => e.Code == code && e.Kind == kind);
}

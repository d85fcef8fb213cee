using Chat.Domain.Common;
using Chat.Domain.Friends;

namespace Chat.Domain.Tests.Friends;

public sealed class BlockTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private readonly Guid _alice = Guid.CreateVersion7();
    private readonly Guid _bob = Guid.CreateVersion7();

    [Fact]
    public void Blocking_yourself_is_refused()
    {
        var act = () => Block.Place(_alice, _alice, null, Now);

        act.Should().Throw<DomainException>().Where(e => e.Code == "cannot_block_self" && e.Kind == DomainErrorKind.BadRequest);
    }

    [Fact]
    public void A_block_stands_between_the_two_users_in_both_directions()
    {
        var block = Block.Place(_alice, _bob, null, Now);

        block.BlockerId.Should().Be(_alice);
        block.BlockedId.Should().Be(_bob);
        block.CreatedAt.Should().Be(Now);
        block.IsBetween(_alice, _bob).Should().BeTrue();
        block.IsBetween(_bob, _alice).Should().BeTrue();
        block.IsBetween(_alice, Guid.CreateVersion7()).Should().BeFalse();
    }

    [Fact]
    public void Blocking_a_friend_ends_the_friendship_and_tells_the_friend()
    {
        var friendship = Friendship.Request(_bob, _alice, [], Now);
        friendship.Accept(_alice, [], Now);
        friendship.ClearDomainEvents();

        Block.Place(_alice, _bob, friendship, Now);

        friendship.DomainEvents.Should().ContainSingle().Which.Should().Be(new FriendRemoved(friendship.Id, _alice, _bob));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Blocking_ends_a_pending_request_in_either_direction_without_a_friend_removed_event(bool blockerAsked)
    {
        var friendship = blockerAsked ? Friendship.Request(_alice, _bob, [], Now) : Friendship.Request(_bob, _alice, [], Now);
        friendship.ClearDomainEvents();

        Block.Place(_alice, _bob, friendship, Now);

        friendship.DomainEvents.Should().BeEmpty();
    }

    [Fact]
    public void A_friendship_of_other_users_cannot_be_ended_by_this_block()
    {
        var other = Friendship.Request(_alice, Guid.CreateVersion7(), [], Now);

        var act = () => Block.Place(_alice, _bob, other, Now);

        act.Should().Throw<ArgumentException>();
    }
}

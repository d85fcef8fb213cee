using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Blocks.BlockUser;
using Chat.Application.Features.Blocks.GetBlockedUsers;
using Chat.Application.Features.Blocks.UnblockUser;
using Chat.Application.Features.Friends.AcceptFriendRequest;
using Chat.Application.Features.Friends.CancelFriendRequest;
using Chat.Application.Features.Friends.DeclineFriendRequest;
using Chat.Application.Features.Friends.Events;
using Chat.Application.Features.Friends.GetFriendRequests;
using Chat.Application.Features.Friends.GetFriends;
using Chat.Application.Features.Friends.GetOnlineFriends;
using Chat.Application.Features.Friends.RemoveFriend;
using Chat.Application.Features.Friends.SendFriendRequest;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Friends;
using Chat.Domain.Users;
using NSubstitute;

namespace Chat.Application.Tests.Friends;

/// <summary>Friend requests from sending to accepting, declining or cancelling; friends and who is online; blocks.</summary>
[Covers(typeof(SendFriendRequestCommandHandler), typeof(FriendRequestSentHandler))]
[Covers(typeof(AcceptFriendRequestCommandHandler), typeof(FriendRequestAcceptedHandler))]
[Covers(typeof(DeclineFriendRequestCommandHandler), typeof(CancelFriendRequestCommandHandler))]
[Covers(typeof(RemoveFriendCommandHandler), typeof(FriendRemovedHandler))]
[Covers(typeof(GetFriendsQueryHandler), typeof(GetFriendRequestsQueryHandler), typeof(GetOnlineFriendsQueryHandler))]
[Covers(typeof(BlockUserCommandHandler), typeof(UnblockUserCommandHandler), typeof(GetBlockedUsersQueryHandler))]
public sealed class FriendAndBlockTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private User _carol = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        (_alice, _bob, _carol) = (users[0], users[1], users[2]);
    }

    // ---- requests -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_request_is_stored_pending_and_the_addressee_hears_it()
    {
        var result = await SendAs(_alice.Id, new SendFriendRequestCommand(_bob.Id));

        result.Friend.Should().BeNull();
        result.Request!.From.Id.Should().Be(_alice.Id);
        result.Request.To.Id.Should().Be(_bob.Id);
        result.Request.CreatedAt.Should().Be(Host.Now);
        var row = (await Host.RowsAsync<Friendship>()).Should().ContainSingle().Subject;
        row.Status.Should().Be(FriendshipStatus.Pending);
        row.RequesterId.Should().Be(_alice.Id);
        Host.Raised<FriendRequestSent>().Should().Equal(new FriendRequestSent(row.Id, _alice.Id, _bob.Id, Host.Now));
        Host.Published<FriendRequestEvent>().Should().ContainSingle().Which.Request.Id.Should().Be(row.Id);
    }

    [Fact]
    public async Task Asking_back_accepts_the_other_request_at_once()
    {
        await Given.FriendRequestAsync(_bob, _alice);

        var result = await SendAs(_alice.Id, new SendFriendRequestCommand(_bob.Id));

        result.Request.Should().BeNull();
        result.Friend!.User.Id.Should().Be(_bob.Id);
        (await Host.RowsAsync<Friendship>()).Single().Status.Should().Be(FriendshipStatus.Accepted);
        Host.Raised<FriendRequestAccepted>().Should().ContainSingle().Which.RequesterId.Should().Be(_bob.Id);
    }

    [Fact]
    public async Task Requests_are_refused_to_yourself_twice_to_friends_across_blocks_and_to_unknown_users()
    {
        await Given.FriendRequestAsync(_alice, _bob);
        await Given.FriendsAsync(_alice, _carol);
        var mallory = await Given.UserAsync("mallory");
        await Given.BlockAsync(mallory, _alice);

        await Refused<DomainException>(() => SendAs(_alice.Id, new SendFriendRequestCommand(_alice.Id)), "cannot_befriend_self");
        await Refused<DomainException>(() => SendAs(_alice.Id, new SendFriendRequestCommand(_bob.Id)), "request_exists");
        await Refused<DomainException>(() => SendAs(_alice.Id, new SendFriendRequestCommand(_carol.Id)), "already_friends");
        await Refused<DomainException>(() => SendAs(_alice.Id, new SendFriendRequestCommand(mallory.Id)), "blocked");
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new SendFriendRequestCommand(Guid.NewGuid())), "not_found");
        await Invalid(() => SendAs(_alice.Id, new SendFriendRequestCommand(Guid.Empty)), "userId");
    }

    [Fact]
    public async Task The_addressee_accepts_and_the_requester_hears_it()
    {
        var request = await Given.FriendRequestAsync(_alice, _bob);
        Host.Clock.Advance(TimeSpan.FromMinutes(1));

        var friend = await SendAs(_bob.Id, new AcceptFriendRequestCommand(request.Id));

        friend.User.Id.Should().Be(_alice.Id);
        friend.Since.Should().Be(Host.Now);
        var row = (await Host.RowsAsync<Friendship>()).Single();
        row.Status.Should().Be(FriendshipStatus.Accepted);
        row.AcceptedAt.Should().Be(Host.Now);
        Host.Raised<FriendRequestAccepted>().Should().Equal(new FriendRequestAccepted(request.Id, _alice.Id, _bob.Id, Host.Now));
        Host.Published<FriendRequestAcceptedEvent>().Should().ContainSingle().Which.Friend.User.Id.Should().Be(_bob.Id);
    }

    [Fact]
    public async Task Only_the_addressee_accepts_or_declines_and_only_the_requester_cancels()
    {
        var request = await Given.FriendRequestAsync(_alice, _bob);

        await Refused<DomainException>(() => SendAs(_alice.Id, new AcceptFriendRequestCommand(request.Id)), "not_addressee");
        await Refused<DomainException>(() => SendAs(_alice.Id, new DeclineFriendRequestCommand(request.Id)), "not_addressee");
        await Refused<DomainException>(() => SendAs(_bob.Id, new CancelFriendRequestCommand(request.Id)), "not_requester");
        await Refused<NotFoundException>(() => SendAs(_carol.Id, new AcceptFriendRequestCommand(request.Id)), "not_found");
        await Refused<NotFoundException>(() => SendAs(_carol.Id, new DeclineFriendRequestCommand(request.Id)), "not_found");
        await Refused<NotFoundException>(() => SendAs(_carol.Id, new CancelFriendRequestCommand(request.Id)), "not_found");
        (await Host.RowsAsync<Friendship>()).Should().ContainSingle();
    }

    [Fact]
    public async Task Accepting_across_a_block_is_refused()
    {
        var request = await Given.FriendRequestAsync(_alice, _bob);
        await Given.SaveAsync(db =>
        {
            db.Set<Block>().Add(Block.Place(_alice.Id, _bob.Id, null, Host.Now));
            return Task.FromResult(true);
        });

        await Refused<DomainException>(() => SendAs(_bob.Id, new AcceptFriendRequestCommand(request.Id)), "blocked");
    }

    [Fact]
    public async Task Declining_and_cancelling_delete_the_request()
    {
        var declined = await Given.FriendRequestAsync(_alice, _bob);
        var cancelled = await Given.FriendRequestAsync(_alice, _carol);

        await SendAs(_bob.Id, new DeclineFriendRequestCommand(declined.Id));
        await SendAs(_alice.Id, new CancelFriendRequestCommand(cancelled.Id));

        (await Host.RowsAsync<Friendship>()).Should().BeEmpty();
    }

    [Fact]
    public async Task Unfriending_deletes_the_friendship_and_tells_the_other()
    {
        var friendship = await Given.FriendsAsync(_alice, _bob);

        await SendAs(_bob.Id, new RemoveFriendCommand(_alice.Id));

        (await Host.RowsAsync<Friendship>()).Should().BeEmpty();
        Host.Raised<FriendRemoved>().Should().Equal(new FriendRemoved(friendship.Id, _bob.Id, _alice.Id));
        Host.Published<FriendRemovedEvent>().Should().Equal(new FriendRemovedEvent(_bob.Id));
        await Refused<NotFoundException>(() => SendAs(_bob.Id, new RemoveFriendCommand(_alice.Id)), "not_friends");
        await Given.FriendRequestAsync(_alice, _carol);
        await Refused<DomainException>(() => SendAs(_alice.Id, new RemoveFriendCommand(_carol.Id)), "not_friends");
    }

    // ---- lists --------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Friends_page_by_username_with_presence()
    {
        await Given.FriendsAsync(_alice, _carol);
        await Given.FriendsAsync(_bob, _alice);
        Host.Service<IPresenceTracker>().IsOnline(_carol.Id).Returns(true);
        Host.Service<IPresenceTracker>().OnlineAmong(Arg.Any<IEnumerable<Guid>>())
            .Returns(call => call.Arg<IEnumerable<Guid>>().Where(id => id == _carol.Id).ToList());

        var first = await SendAs(_alice.Id, new GetFriendsQuery(1, null));
        var second = await SendAs(_alice.Id, new GetFriendsQuery(1, first.NextCursor));
        var online = await SendAs(_alice.Id, new GetOnlineFriendsQuery());

        first.Items.Should().ContainSingle().Which.User.Username.Should().Be("bob");
        second.Items.Should().ContainSingle().Which.Should().Match<Application.Features.Friends.FriendDto>(f => f.User.Username == "carol" && f.IsOnline);
        second.NextCursor.Should().BeNull();
        online.OnlineFriends.Should().Equal(_carol.Id);
        await Invalid(() => SendAs(_alice.Id, new GetFriendsQuery(101, null)), "limit");
    }

    [Fact]
    public async Task Requests_list_incoming_by_default_or_outgoing()
    {
        await Given.FriendRequestAsync(_bob, _alice);
        await Given.FriendRequestAsync(_alice, _carol);

        var incoming = await SendAs(_alice.Id, new GetFriendRequestsQuery(null, null, null));
        var outgoing = await SendAs(_alice.Id, new GetFriendRequestsQuery("outgoing", null, null));

        incoming.Items.Should().ContainSingle().Which.From.Id.Should().Be(_bob.Id);
        outgoing.Items.Should().ContainSingle().Which.To.Id.Should().Be(_carol.Id);
        await Invalid(() => SendAs(_alice.Id, new GetFriendRequestsQuery("sideways", null, null)), "direction");
        await Invalid(() => SendAs(_alice.Id, new GetFriendRequestsQuery(null, 0, null)), "limit");
    }

    // ---- blocks -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_block_ends_the_friendship_once_and_an_unblock_lifts_it()
    {
        await Given.FriendsAsync(_alice, _bob);

        await SendAs(_alice.Id, new BlockUserCommand(_bob.Id));
        await SendAs(_alice.Id, new BlockUserCommand(_bob.Id));

        var block = (await Host.RowsAsync<Block>()).Should().ContainSingle().Subject;
        block.BlockerId.Should().Be(_alice.Id);
        block.BlockedId.Should().Be(_bob.Id);
        block.CreatedAt.Should().Be(Host.Now);
        (await Host.RowsAsync<Friendship>()).Should().BeEmpty();
        (await SendAs(_alice.Id, new GetBlockedUsersQuery(null, null))).Items.Select(u => u.Id).Should().Equal(_bob.Id);
        (await SendAs(_bob.Id, new GetBlockedUsersQuery(null, null))).Items.Should().BeEmpty();

        await SendAs(_bob.Id, new UnblockUserCommand(_alice.Id));
        (await Host.RowsAsync<Block>()).Should().ContainSingle();
        await SendAs(_alice.Id, new UnblockUserCommand(_bob.Id));
        (await Host.RowsAsync<Block>()).Should().BeEmpty();
    }

    [Fact]
    public async Task Blocks_are_refused_for_yourself_and_unknown_users_and_list_newest_first()
    {
        await Refused<DomainException>(() => SendAs(_alice.Id, new BlockUserCommand(_alice.Id)), "cannot_block_self");
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new BlockUserCommand(Guid.NewGuid())), "not_found");
        await Invalid(() => SendAs(_alice.Id, new BlockUserCommand(Guid.Empty)), "userId");

        await SendAs(_alice.Id, new BlockUserCommand(_bob.Id));
        await SendAs(_alice.Id, new BlockUserCommand(_carol.Id));
        var first = await SendAs(_alice.Id, new GetBlockedUsersQuery(1, null));
        var second = await SendAs(_alice.Id, new GetBlockedUsersQuery(1, first.NextCursor));

        first.Items.Select(u => u.Id).Should().Equal(_carol.Id);
        second.Items.Select(u => u.Id).Should().Equal(_bob.Id);
        second.NextCursor.Should().BeNull();
    }
}

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users.GetCurrentUser;
using Chat.Application.Features.Users.GetUser;
using Chat.Application.Features.Users.SearchUsers;
using Chat.Application.Features.Users.UpdateCurrentUser;
using Chat.Application.Tests.Support;
using Chat.Domain.Users;
using NSubstitute;

namespace Chat.Application.Tests.Users;

/// <summary>Profiles: mine, someone else's (presence only for friends), editing mine, and the user search.</summary>
[Covers(typeof(GetCurrentUserQueryHandler), typeof(GetUserQueryHandler), typeof(UpdateCurrentUserCommandHandler), typeof(SearchUsersQueryHandler))]
public sealed class UserHandlerTests : HandlerTest
{
    [Fact]
    public async Task My_profile_shows_my_presence_and_a_strangers_does_not_but_a_friends_does()
    {
        var (me, stranger, friend) = (await Given.UserAsync("me"), await Given.UserAsync("stranger"), await Given.UserAsync("friend"));
        await Given.FriendsAsync(me, friend);
        Host.Service<IPresenceTracker>().IsOnline(Arg.Any<Guid>()).Returns(true);

        var mine = await SendAs(me.Id, new GetCurrentUserQuery());
        var theirs = await SendAs(me.Id, new GetUserQuery(stranger.Id));
        var friends = await SendAs(me.Id, new GetUserQuery(friend.Id));

        mine.Username.Should().Be("me");
        mine.IsOnline.Should().BeTrue();
        theirs.IsOnline.Should().BeNull();
        friends.IsOnline.Should().BeTrue();
        await Refused<NotFoundException>(() => SendAs(me.Id, new GetUserQuery(Guid.NewGuid())), "not_found");
        await Refused<UnauthorizedException>(() => SendAs(Guid.NewGuid(), new GetCurrentUserQuery()), "unauthorized");
    }

    [Fact]
    public async Task Updating_my_profile_stores_it_and_clears_with_empty_values()
    {
        var me = await Given.UserAsync("me");

        var updated = await SendAs(me.Id, new UpdateCurrentUserCommand(" Me Myself ", "https://example.org/a.png", "hello"));
        var cleared = await SendAs(me.Id, new UpdateCurrentUserCommand(null, "", ""));

        updated.DisplayName.Should().Be("Me Myself");
        updated.AvatarUrl.Should().Be("https://example.org/a.png");
        cleared.DisplayName.Should().Be("Me Myself");
        cleared.AvatarUrl.Should().BeNull();
        cleared.Bio.Should().BeNull();
        (await Host.RowsAsync<User>()).Single().DisplayName.Should().Be("Me Myself");
        await Refused<UnauthorizedException>(() => SendAs(Guid.NewGuid(), new UpdateCurrentUserCommand("x", null, null)), "unauthorized");
    }

    [Fact]
    public async Task Profile_fields_are_checked_at_their_limits()
    {
        var me = await Given.UserAsync("me");

        await SendAs(me.Id, new UpdateCurrentUserCommand(new string('d', UserLimits.DisplayNameMaxLength), null, new string('b', UserLimits.BioMaxLength)));
        await Invalid(() => SendAs(me.Id, new UpdateCurrentUserCommand(new string('d', UserLimits.DisplayNameMaxLength + 1), null, null)), "displayName");
        await Invalid(() => SendAs(me.Id, new UpdateCurrentUserCommand(" ", null, null)), "displayName");
        await Invalid(() => SendAs(me.Id, new UpdateCurrentUserCommand(null, null, new string('b', UserLimits.BioMaxLength + 1))), "bio");
        await Invalid(() => SendAs(me.Id, new UpdateCurrentUserCommand(null, "javascript:alert(1)", null)), "avatarUrl");
        await Invalid(() => SendAs(me.Id, new UpdateCurrentUserCommand(null, "https://e.org/" + new string('a', UserLimits.AvatarUrlMaxLength), null)), "avatarUrl");
    }

    [Fact]
    public async Task Search_matches_the_start_of_username_or_display_name_in_username_pages()
    {
        var me = await Given.UserAsync("me");
        await Given.UserAsync("alma");
        await Given.UserAsync("albert");
        await Given.UserAsync("zed", "Alfred Z");

        var first = await SendAs(me.Id, new SearchUsersQuery(" AL ", 2, null));
        var second = await SendAs(me.Id, new SearchUsersQuery("al", 2, first.NextCursor));

        first.Items.Select(u => u.Username).Should().Equal("albert", "alma");
        second.Items.Select(u => u.Username).Should().Equal("zed");
        second.NextCursor.Should().BeNull();
        await SendAs(me.Id, new SearchUsersQuery(new string('s', 100), 100, null));
        await Invalid(() => SendAs(me.Id, new SearchUsersQuery(new string('s', 101), null, null)), "search");
        await Invalid(() => SendAs(me.Id, new SearchUsersQuery(null, 101, null)), "limit");
    }
}

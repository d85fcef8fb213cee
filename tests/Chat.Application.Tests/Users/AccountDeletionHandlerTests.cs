using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Admin.DeleteUser;
using Chat.Application.Features.Auth.Register;
using Chat.Application.Features.Users.DeleteAccount;
using Chat.Application.Tests.Support;
using Chat.Domain.Administration;
using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Users;

/// <summary>
/// Deleting an account (docs/decisions/0011): by its owner with the password, or by an administrator, audited. The
/// personal rows go, owned rooms and groups pass on, the name is held through the quarantine, the last admin stays.
/// </summary>
[Covers(typeof(DeleteAccountCommandHandler), typeof(DeleteUserCommandHandler))]
public sealed class AccountDeletionHandlerTests : HandlerTest
{
    private const string RightPassword = "right-password";
    private readonly ISessionTerminator _sessions = Substitute.For<ISessionTerminator>();
    private User _gone = null!;
    private User _alice = null!;
    private User _bob = null!;

    protected override void Configure(IServiceCollection services) => services.AddSingleton(_sessions);

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("gone", "alice", "bob");
        (_gone, _alice, _bob) = (users[0], users[1], users[2]);
        var hasher = Host.Service<IPasswordHasher>();
        hasher.Verify(Arg.Any<string>(), Arg.Any<string>()).Returns(call => call.ArgAt<string>(1) == RightPassword ? PasswordCheck.Success : PasswordCheck.Failed);
        hasher.Hash(Arg.Any<string>()).Returns(call => "hashed:" + call.Arg<string>());
        var tokens = Host.Service<ITokenService>();
        tokens.CreateAccessToken(Arg.Any<User>(), Arg.Any<Guid>()).Returns(new AccessToken("access", 900, DateTime.UtcNow.AddMinutes(15)));
        tokens.CreateRefreshTokenValue().Returns(_ => "refresh-" + Guid.NewGuid().ToString("N"));
        tokens.HashRefreshToken(Arg.Any<string>()).Returns(call => "h(" + call.Arg<string>() + ")");
        tokens.RefreshTokenLifetime.Returns(TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task A_wrong_password_changes_nothing_and_counts_as_a_failed_login()
    {
        await Refused<ForbiddenException>(() => SendAs(_gone.Id, new DeleteAccountCommand("guess")), "invalid_credentials");

        (await Host.RowsAsync<User>()).Single(u => u.Id == _gone.Id).DeletedAt.Should().BeNull();
        Host.Service<ILoginThrottle>().Received(1).RecordFailure("gone", Arg.Any<string?>());
        await _sessions.DidNotReceiveWithAnyArgs().EndAllSessionsAsync(default, default, default);
    }

    [Fact]
    public async Task Owned_rooms_pass_to_the_highest_role_a_lonely_group_goes_and_the_friend_is_told()
    {
        await Given.FriendsAsync(_gone, _alice);
        await Given.FriendRequestAsync(_bob, _gone);
        var room = await Given.RoomAsync(_gone, "shared", true, _alice, _bob);
        await Given.RoleAsync(room, _bob, RoomRole.Moderator);
        var lonely = await Given.GroupAsync(_gone, "alone");
        var group = await Given.GroupAsync(_gone, "crew", _alice, _bob);
        Host.ClearObservations();

        await SendAs(_gone.Id, new DeleteAccountCommand(RightPassword));

        var stored = (await Host.RowsAsync<User>()).Single(u => u.Id == _gone.Id);
        (stored.DeletedAt, stored.DisplayName, stored.Username).Should().Be((Host.Now, UserLimits.DeletedDisplayName, User.PlaceholderUsername(_gone.Id)));
        (await Host.RowsAsync<Room>()).Single(r => r.Id == room.Id).OwnerId.Should().Be(_bob.Id, "a moderator outranks an older member");
        (await Host.RowsAsync<Conversation>()).Select(c => c.Id).Should().NotContain(lonely.Id).And.Contain(group.Id);
        (await Host.RowsAsync<ConversationParticipant>()).Should().NotContain(p => p.UserId == _gone.Id);
        (await Host.RowsAsync<Friendship>()).Should().BeEmpty();
        Host.Raised<FriendRemoved>().Should().ContainSingle(e => e.OtherUserId == _alice.Id);
        Host.Raised<MemberLeft>().Should().ContainSingle(e => e.UserId == _gone.Id && e.RoomId == room.Id);
        (await Host.RowsAsync<UsernameHold>()).Single().Should().BeEquivalentTo(new { NormalizedUsername = "gone", ReleasedAt = Host.Now.AddDays(30) });
        await _sessions.Received(1).EndAllSessionsAsync(_gone.Id, null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_name_is_taken_until_the_quarantine_ends()
    {
        await SendAs(_gone.Id, new DeleteAccountCommand(RightPassword));

        await Refused<ConflictException>(() => Host.SendAsync(new RegisterCommand("Gone", "secret-password", null)), "username_taken");
        Host.Clock.Advance(TimeSpan.FromDays(30));
        await Host.SendAsync(new RegisterCommand("Gone", "secret-password", null));

        (await Host.RowsAsync<User>()).Should().ContainSingle(u => u.NormalizedUsername == "gone" && u.DeletedAt == null);
    }

    [Fact]
    public async Task An_administrator_deletes_an_account_audited_but_never_the_last_administrator()
    {
        await Given.SaveAsync(async db =>
        {
            (await db.FindAsync<User>(_alice.Id))!.GrantAdmin();
            return true;
        });

        await Refused<ConflictException>(() => Host.As(_alice.Id, isAdmin: true).SendAsync(new DeleteAccountCommand(RightPassword)), "last_admin");
        await Refused<BadRequestException>(() => Host.As(_alice.Id, isAdmin: true).SendAsync(new DeleteUserCommand(_alice.Id, null)), "cannot_target_self");
        await Refused<ForbiddenException>(() => SendAs(_bob.Id, new DeleteUserCommand(_gone.Id, null)), "forbidden");

        await Host.As(_alice.Id, isAdmin: true).SendAsync(new DeleteUserCommand(_gone.Id, "spam"));

        (await Host.RowsAsync<User>()).Single(u => u.Id == _gone.Id).DeletedAt.Should().Be(Host.Now);
        (await Host.RowsAsync<AuditRecord>()).Should().ContainSingle(a => a.Action == AuditActions.UserDelete && a.TargetId == _gone.Id.ToString() && a.Reason == "spam");
        await _sessions.Received(1).EndAllSessionsAsync(_gone.Id, null, Arg.Any<CancellationToken>());
        await Refused<NotFoundException>(() => Host.As(_alice.Id, isAdmin: true).SendAsync(new DeleteUserCommand(_gone.Id, null)), "not_found");
        (await Host.RowsAsync<User>()).Single(u => u.Id == _alice.Id).IsAdmin.Should().BeTrue();
    }
}

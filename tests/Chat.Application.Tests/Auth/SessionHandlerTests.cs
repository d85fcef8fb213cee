using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Auth.ChangePassword;
using Chat.Application.Features.Auth.LogoutEverywhere;
using Chat.Application.Tests.Support;
using Chat.Domain.Users;
using Chat.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Auth;

/// <summary>Logout everywhere and the password change: which logins end (refresh tokens revoked, sessions remembered as ended).</summary>
[Covers(typeof(LogoutEverywhereCommandHandler), typeof(ChangePasswordCommandHandler))]
public sealed class SessionHandlerTests : HandlerTest
{
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ILoginThrottle _throttle = Substitute.For<ILoginThrottle>();
    private User _user = null!;
    private User _other = null!;
    private Guid _current;
    private Guid _second;
    private Guid _othersLogin;

    protected override void Configure(IServiceCollection services)
    {
        _hasher.Hash(Arg.Any<string>()).Returns(call => "hashed:" + call.Arg<string>());
        _hasher.Verify(Arg.Any<string>(), Arg.Any<string>())
            .Returns(call => call.ArgAt<string>(0) == "hashed:" + call.ArgAt<string>(1) ? PasswordCheck.Success : PasswordCheck.Failed);
        services.AddSingleton(_hasher);
        services.AddSingleton(_throttle);
    }

    protected override async Task ArrangeAsync()
    {
        _user = User.Register("ursula", null, "hashed:old-password-1", Host.Now);
        _other = User.Register("victor", null, "hashed:whatever-pass", Host.Now);
        (_current, _second, _othersLogin) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await Host.WithDbAsync(async db =>
        {
            db.Set<User>().AddRange(_user, _other);
            db.Set<RefreshToken>().AddRange(
                RefreshToken.Issue(_user.Id, _current, "t1", Host.Now, TimeSpan.FromDays(30)),
                RefreshToken.Issue(_user.Id, _second, "t2", Host.Now, TimeSpan.FromDays(30)),
                RefreshToken.Issue(_other.Id, _othersLogin, "t3", Host.Now, TimeSpan.FromDays(30)));
            return await db.SaveChangesAsync();
        });
        Host.Caller.SessionId.Returns(_current);
        Host.Caller.ClientAddress.Returns("198.51.100.9");
    }

    [Fact]
    public async Task Logout_everywhere_revokes_every_login_of_the_caller_and_no_one_elses()
    {
        await SendAs(_user.Id, new LogoutEverywhereCommand());

        var tokens = await Tokens();
        tokens.Where(t => t.UserId == _user.Id).Should().OnlyContain(t => t.RevokedAt == Host.Now);
        tokens.Single(t => t.UserId == _other.Id).RevokedAt.Should().BeNull();
        var states = Host.Service<SessionStates>();
        states.IsEnded(_current).Should().BeTrue();
        states.IsEnded(_second).Should().BeTrue();
        states.IsEnded(_othersLogin).Should().BeFalse();
    }

    [Fact]
    public async Task A_password_change_stores_the_new_hash_and_ends_every_other_login_but_the_callers()
    {
        await SendAs(_user.Id, new ChangePasswordCommand("old-password-1", "new-password-2"));

        (await Host.WithDbAsync(db => db.Set<User>().SingleAsync(u => u.Id == _user.Id))).PasswordHash.Should().Be("hashed:new-password-2");
        var tokens = await Tokens();
        tokens.Single(t => t.FamilyId == _current).RevokedAt.Should().BeNull();
        tokens.Single(t => t.FamilyId == _second).RevokedAt.Should().Be(Host.Now);
        tokens.Single(t => t.FamilyId == _othersLogin).RevokedAt.Should().BeNull();
        Host.Service<SessionStates>().IsEnded(_second).Should().BeTrue();
        Host.Service<SessionStates>().IsEnded(_current).Should().BeFalse();
        _throttle.Received(1).RecordSuccess("ursula");
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_counted_and_changes_nothing()
    {
        await Refused<ForbiddenException>(() => SendAs(_user.Id, new ChangePasswordCommand("guess-password", "new-password-2")), "invalid_credentials");

        _throttle.Received(1).RecordFailure("ursula", "198.51.100.9");
        (await Host.WithDbAsync(db => db.Set<User>().SingleAsync(u => u.Id == _user.Id))).PasswordHash.Should().Be("hashed:old-password-1");
        (await Tokens()).Should().OnlyContain(t => t.RevokedAt == null);
    }

    [Fact]
    public async Task A_throttled_caller_is_refused_before_the_password_is_checked()
    {
        _throttle.RetryAfterSeconds("ursula", "198.51.100.9").Returns(30);

        var refused = await Refused<RateLimitedException>(() => SendAs(_user.Id, new ChangePasswordCommand("old-password-1", "new-password-2")), "rate_limited");

        refused.RetryAfterSeconds.Should().Be(30);
        _hasher.DidNotReceive().Verify(Arg.Any<string>(), Arg.Any<string>());
    }

    [Fact]
    public async Task A_new_password_that_breaks_the_rules_fails_validation() =>
        await Invalid(() => SendAs(_user.Id, new ChangePasswordCommand("old-password-1", "short")), "newPassword");

    private Task<List<RefreshToken>> Tokens() => Host.WithDbAsync(db => db.Set<RefreshToken>().AsNoTracking().ToListAsync());
}

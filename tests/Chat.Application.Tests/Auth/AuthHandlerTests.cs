using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Auth.Login;
using Chat.Application.Features.Auth.RefreshTokens;
using Chat.Application.Features.Auth.Register;
using Chat.Application.Features.Auth.Logout;
using Chat.Application.Tests.Support;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Auth;

[Covers(typeof(RegisterCommandHandler), typeof(LoginCommandHandler), typeof(RefreshTokensCommandHandler), typeof(LogoutCommandHandler))]
public sealed class AuthHandlerTests : IAsyncLifetime
{
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ITokenService _tokens = Substitute.For<ITokenService>();
    private readonly ILoginThrottle _throttle = Substitute.For<ILoginThrottle>();
    private ApplicationTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _hasher.Hash(Arg.Any<string>()).Returns(call => "hashed:" + call.Arg<string>());
        _hasher.Verify(Arg.Any<string>(), Arg.Any<string>())
            .Returns(call => call.ArgAt<string>(0) == "hashed:" + call.ArgAt<string>(1) ? PasswordCheck.Success : PasswordCheck.Failed);
        _tokens.CreateAccessToken(Arg.Any<User>(), Arg.Any<Guid>()).Returns(new AccessToken("access", 900, DateTime.UtcNow.AddMinutes(15)));
        _tokens.CreateRefreshTokenValue().Returns(_ => "refresh-" + Guid.NewGuid().ToString("N"));
        _tokens.HashRefreshToken(Arg.Any<string>()).Returns(call => "h(" + call.Arg<string>() + ")");
        _tokens.RefreshTokenLifetime.Returns(TimeSpan.FromDays(30));
        _host = await ApplicationTestHost.CreateAsync(services =>
        {
            services.AddSingleton(_hasher);
            services.AddSingleton(_tokens);
            services.AddSingleton(_throttle);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Register_stores_only_hashes_of_the_password_and_the_refresh_token()
    {
        var pair = await _host.SendAsync(new RegisterCommand("Erin", "secret-password", null));

        var (user, token) = await _host.WithDbAsync(async db =>
            (await db.Set<User>().SingleAsync(), await db.Set<RefreshToken>().SingleAsync()));
        user.PasswordHash.Should().Be("hashed:secret-password");
        user.NormalizedUsername.Should().Be("erin");
        user.DisplayName.Should().Be("Erin");
        token.TokenHash.Should().Be($"h({pair.RefreshToken})").And.NotBe(pair.RefreshToken);
        token.ExpiresAt.Should().Be(_host.Now.AddDays(30));
    }

    [Fact]
    public async Task Register_with_invalid_fields_fails_validation_before_the_handler_runs()
    {
        var act = () => _host.SendAsync(new RegisterCommand("x", "short", new string('d', 101)));

        var error = (await act.Should().ThrowAsync<RequestValidationException>()).Which;
        error.Errors.Keys.Should().BeEquivalentTo(["username", "password", "displayName"]);
        _hasher.DidNotReceive().Hash(Arg.Any<string>());
    }

    [Fact]
    public async Task Login_rehashes_a_password_stored_with_weaker_settings()
    {
        await _host.SendAsync(new RegisterCommand("frank", "secret-password", null));
        _hasher.Verify("hashed:secret-password", "secret-password").Returns(PasswordCheck.SuccessRehashNeeded);
        _hasher.Hash("secret-password").Returns("stronger-hash");

        await _host.SendAsync(new LoginCommand("FRANK", "secret-password"));

        (await _host.WithDbAsync(db => db.Set<User>().SingleAsync())).PasswordHash.Should().Be("stronger-hash");
        _throttle.Received().RecordSuccess("frank");
    }

    [Fact]
    public async Task A_failed_login_is_counted_against_the_username_and_address()
    {
        _host.Caller.ClientAddress.Returns("198.51.100.4");
        await _host.SendAsync(new RegisterCommand("grace", "secret-password", null));

        var act = () => _host.SendAsync(new LoginCommand("grace", "wrong-password"));

        (await act.Should().ThrowAsync<UnauthorizedException>()).Which.Code.Should().Be("invalid_credentials");
        _throttle.Received(1).RecordFailure("grace", "198.51.100.4");
    }

    [Fact]
    public async Task A_throttled_login_is_refused_without_checking_the_password()
    {
        _throttle.RetryAfterSeconds("heidi", Arg.Any<string?>()).Returns(42);

        var act = () => _host.SendAsync(new LoginCommand("heidi", "whatever-password"));

        (await act.Should().ThrowAsync<RateLimitedException>()).Which.RetryAfterSeconds.Should().Be(42);
        _hasher.DidNotReceive().Verify(Arg.Any<string>(), Arg.Any<string>());
    }

    [Fact]
    public async Task Reusing_a_spent_refresh_token_revokes_every_token_of_its_family_but_not_other_logins()
    {
        var registered = await _host.SendAsync(new RegisterCommand("ivan", "secret-password", null));
        var otherLogin = await _host.SendAsync(new LoginCommand("ivan", "secret-password"));
        var rotated = await _host.SendAsync(new RefreshTokensCommand(registered.RefreshToken));

        var reuse = () => _host.SendAsync(new RefreshTokensCommand(registered.RefreshToken));

        (await reuse.Should().ThrowAsync<UnauthorizedException>()).Which.Code.Should().Be("refresh_token_reused");
        var tokens = await _host.WithDbAsync(db => db.Set<RefreshToken>().AsNoTracking().ToListAsync());
        var family = tokens.Single(t => t.TokenHash == $"h({registered.RefreshToken})").FamilyId;
        tokens.Where(t => t.FamilyId == family).Should().OnlyContain(t => t.RevokedAt != null).And.HaveCount(2);
        tokens.Single(t => t.TokenHash == $"h({otherLogin.RefreshToken})").RevokedAt.Should().BeNull();
        _ = rotated;
    }

    [Fact]
    public async Task Logout_revokes_its_login_only_and_ignores_unknown_or_foreign_tokens()
    {
        var first = await _host.SendAsync(new RegisterCommand("judy", "secret-password", null));
        var second = await _host.SendAsync(new LoginCommand("judy", "secret-password"));
        var other = await _host.SendAsync(new RegisterCommand("karl", "secret-password", null));
        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        _host.As(first.User.Id);
        await _host.SendAsync(new LogoutCommand(first.RefreshToken));
        await _host.SendAsync(new LogoutCommand(other.RefreshToken));
        await _host.SendAsync(new LogoutCommand("never-issued"));

        var tokens = await _host.RowsAsync<RefreshToken>();
        tokens.Single(t => t.TokenHash == $"h({first.RefreshToken})").RevokedAt.Should().Be(_host.Now);
        tokens.Single(t => t.TokenHash == $"h({second.RefreshToken})").RevokedAt.Should().BeNull();
        tokens.Single(t => t.TokenHash == $"h({other.RefreshToken})").RevokedAt.Should().BeNull();
    }
}

using System.Text;
using Chat.Domain.Users;
using Chat.Infrastructure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chat.Infrastructure.Tests.Identity;

/// <summary>
/// Access tokens as issued by <c>TokenService</c> and judged by the bearer scheme's real validation parameters.
/// Validation reads the real clock, so the issuing clock is set relative to it (expiry margins are 20 seconds or more).
/// </summary>
public sealed class TokenServiceTests : IDisposable
{
    private const string SigningKey = "a-test-signing-key-long-enough-for-hs256-and-for-hs512-0123456789abcdef";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private readonly IdentityHost _host = new(new ManualClock(Now), new Dictionary<string, string?>
    {
        ["Chat:Jwt:SigningKey"] = SigningKey,
        ["Chat:Admins:0"] = "Alice",
    });

    private readonly JsonWebTokenHandler _handler = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void An_access_token_names_the_user_and_lasts_fifteen_minutes()
    {
        var user = User.Register("bob", null, "hash", Now.UtcDateTime);

        var issued = _host.Tokens.CreateAccessToken(user, Guid.CreateVersion7());

        issued.ExpiresInSeconds.Should().Be(15 * 60);
        var token = new JsonWebToken(issued.Token);
        token.Alg.Should().Be(SecurityAlgorithms.HmacSha256);
        token.Subject.Should().Be(user.Id.ToString());
        token.GetClaim(JwtRegisteredClaimNames.UniqueName).Value.Should().Be("bob");
        token.Issuer.Should().Be("chat");
        token.Audiences.Should().Equal("chat");
        token.IssuedAt.Should().Be(Now.UtcDateTime);
        token.ValidFrom.Should().Be(Now.UtcDateTime);
        token.ValidTo.Should().Be(Now.UtcDateTime.AddMinutes(15));
        token.Claims.Should().NotContain(c => c.Type == "role");
    }

    [Fact]
    public void Only_accounts_with_the_admin_flag_get_the_admin_role_and_a_configured_name_grants_nothing()
    {
        var flagged = User.Register("carol", null, "hash", Now.UtcDateTime);
        flagged.GrantAdmin();
        var named = new JsonWebToken(_host.Tokens.CreateAccessToken(User.Register("alice", null, "hash", Now.UtcDateTime), Guid.CreateVersion7()).Token);
        var admin = new JsonWebToken(_host.Tokens.CreateAccessToken(flagged, Guid.CreateVersion7()).Token);

        admin.Claims.Where(c => c.Type == "role").Select(c => c.Value).Should().Equal("admin");
        named.Claims.Should().NotContain(c => c.Type == "role");
    }

    [Fact]
    public void Names_in_Chat_Admins_and_the_bootstrap_name_are_reserved_in_any_case()
    {
        using var host = new IdentityHost(new ManualClock(Now), new Dictionary<string, string?>
        {
            ["Chat:Jwt:SigningKey"] = SigningKey, ["Chat:Admins"] = "carol, Dave", ["Chat:Bootstrap:AdminUsername"] = "Root",
        });

        var reserved = host.Services.GetRequiredService<AdminDirectory>();

        reserved.IsReserved("dave").Should().BeTrue();
        reserved.IsReserved("carol").Should().BeTrue();
        reserved.IsReserved("root").Should().BeTrue();
        reserved.IsReserved("erin").Should().BeFalse();
    }

    [Fact]
    public async Task A_fresh_token_passes_the_bearer_validation()
    {
        var user = User.Register("bob", null, "hash", Now.UtcDateTime);

        var result = await _handler.ValidateTokenAsync(_host.Tokens.CreateAccessToken(user, Guid.CreateVersion7()).Token, _host.ValidationParameters());

        result.IsValid.Should().BeTrue(result.Exception?.Message);
        result.ClaimsIdentity.FindFirst(JwtRegisteredClaimNames.Sub)!.Value.Should().Be(user.Id.ToString());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        using var other = new IdentityHost(new ManualClock(Now), new Dictionary<string, string?> { ["Chat:Jwt:SigningKey"] = "another-signing-key-that-is-long-enough-987654321" });

        var result = await _handler.ValidateTokenAsync(TokenFor(other), _host.ValidationParameters());

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeAssignableTo<SecurityTokenSignatureKeyNotFoundException>();
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        using var other = new IdentityHost(new ManualClock(Now), new Dictionary<string, string?> { ["Chat:Jwt:SigningKey"] = SigningKey, ["Chat:Jwt:Issuer"] = "elsewhere" });

        var result = await _handler.ValidateTokenAsync(TokenFor(other), _host.ValidationParameters());

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeOfType<SecurityTokenInvalidIssuerException>();
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        using var other = new IdentityHost(new ManualClock(Now), new Dictionary<string, string?> { ["Chat:Jwt:SigningKey"] = SigningKey, ["Chat:Jwt:Audience"] = "elsewhere" });

        var result = await _handler.ValidateTokenAsync(TokenFor(other), _host.ValidationParameters());

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeOfType<SecurityTokenInvalidAudienceException>();
    }

    [Fact]
    public async Task A_token_expired_beyond_the_30_second_skew_is_refused()
    {
        var token = TokenIssuedAgo(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(50));

        var result = await _handler.ValidateTokenAsync(token, _host.ValidationParameters());

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeOfType<SecurityTokenExpiredException>();
    }

    [Fact]
    public async Task A_token_expired_within_the_30_second_skew_is_still_accepted()
    {
        var token = TokenIssuedAgo(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(10));

        var result = await _handler.ValidateTokenAsync(token, _host.ValidationParameters());

        result.IsValid.Should().BeTrue(result.Exception?.Message);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var payload = TokenFor(_host).Split('.')[1];
        var unsigned = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")) + "." + payload + ".";

        var result = await _handler.ValidateTokenAsync(unsigned, _host.ValidationParameters());

        result.IsValid.Should().BeFalse();
        result.Exception.Should().BeAssignableTo<SecurityTokenException>();
    }

    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha256, true)]
    [InlineData(SecurityAlgorithms.HmacSha384, false)]
    [InlineData(SecurityAlgorithms.HmacSha512, false)]
    public async Task Only_HS256_is_accepted_even_with_the_right_key(string algorithm, bool accepted)
    {
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = Guid.NewGuid().ToString() },
            Issuer = "chat",
            Audience = "chat",
            IssuedAt = Now.UtcDateTime,
            NotBefore = Now.UtcDateTime,
            Expires = Now.UtcDateTime.AddMinutes(15),
            SigningCredentials = new SigningCredentials(_host.SigningKey, algorithm),
        });

        var result = await _handler.ValidateTokenAsync(token, _host.ValidationParameters());

        result.IsValid.Should().Be(accepted, result.Exception?.Message);
    }

    private static string TokenIssuedAgo(TimeSpan age)
    {
        using var past = new IdentityHost(new ManualClock(DateTimeOffset.UtcNow - age), new Dictionary<string, string?> { ["Chat:Jwt:SigningKey"] = SigningKey });
        return TokenFor(past);
    }

    private static string TokenFor(IdentityHost host) => host.Tokens.CreateAccessToken(User.Register("bob", null, "hash", Now.UtcDateTime), Guid.CreateVersion7()).Token;
}

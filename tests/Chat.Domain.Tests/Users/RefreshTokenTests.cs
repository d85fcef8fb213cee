using Chat.Domain.Users;

namespace Chat.Domain.Tests.Users;

public sealed class RefreshTokenTests
{
    private static readonly DateTime Now = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_token_is_usable_once_until_it_expires_or_is_revoked()
    {
        var token = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), "hash", Now, TimeSpan.FromDays(30));

        token.IsUsable(Now.AddDays(29)).Should().BeTrue();
        token.IsUsable(Now.AddDays(30)).Should().BeFalse();

        token.MarkUsed(Now);
        token.IsUsable(Now).Should().BeFalse();
        token.WasUsed.Should().BeTrue();
    }

    [Fact]
    public void Revoking_keeps_the_first_revocation_time()
    {
        var token = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), "hash", Now, TimeSpan.FromDays(30));

        token.Revoke(Now);
        token.Revoke(Now.AddHours(1));

        token.RevokedAt.Should().Be(Now);
        token.IsUsable(Now).Should().BeFalse();
    }
}

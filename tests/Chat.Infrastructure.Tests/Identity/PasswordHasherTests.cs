using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Identity;

namespace Chat.Infrastructure.Tests.Identity;

/// <summary>Iteration counts are kept tiny here; production uses <see cref="PasswordOptions.Iterations"/>' default.</summary>
public sealed class PasswordHasherTests
{
    private readonly PasswordHasher _hasher = new(new PasswordOptions { Iterations = 1_000 });

    [Fact]
    public void The_right_password_verifies_and_a_wrong_one_does_not()
    {
        var hash = _hasher.Hash("correct horse battery staple");

        _hasher.Verify(hash, "correct horse battery staple").Should().Be(PasswordCheck.Success);
        _hasher.Verify(hash, "correct horse battery stapler").Should().Be(PasswordCheck.Failed);
    }

    [Fact]
    public void Hashing_the_same_password_twice_gives_different_salted_hashes()
    {
        _hasher.Hash("same password").Should().NotBe(_hasher.Hash("same password"));
    }

    [Fact]
    public void A_hash_made_with_fewer_iterations_verifies_but_asks_for_a_rehash()
    {
        var weaker = new PasswordHasher(new PasswordOptions { Iterations = 500 }).Hash("an older password");

        _hasher.Verify(weaker, "an older password").Should().Be(PasswordCheck.SuccessRehashNeeded);
        _hasher.Verify(weaker, "not the password").Should().Be(PasswordCheck.Failed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AQ==")]
    [InlineData("AA==")]
    [InlineData("AQAAAAEAACcQAAAAEA==")]
    [InlineData("/////////////////////////////////////w==")]
    public void A_garbage_hash_fails_verification_without_throwing(string garbage)
    {
        var verify = () => _hasher.Verify(garbage, "any password");

        verify.Should().NotThrow().Which.Should().Be(PasswordCheck.Failed);
    }
}

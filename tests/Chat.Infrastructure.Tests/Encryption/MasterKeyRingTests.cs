using System.Security.Cryptography;
using Chat.Infrastructure.Encryption;
using FluentAssertions;
using Xunit;

namespace Chat.Infrastructure.Tests.Encryption;

public sealed class MasterKeyRingTests
{
    [Fact]
    public void A_wrapped_data_key_unwraps_for_its_owner_and_version_only()
    {
        var ring = new MasterKeyRing(RandomNumberGenerator.GetBytes(32));
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var owner = Guid.NewGuid();

        var wrapped = ring.Wrap(dataKey, owner, 1);

        ring.Unwrap(wrapped, owner, 1).Should().Equal(dataKey);
        wrapped.AsSpan().IndexOf(dataKey).Should().Be(-1);
        ring.Invoking(r => r.Unwrap(wrapped, Guid.NewGuid(), 1)).Should().Throw<CryptographicException>();
        ring.Invoking(r => r.Unwrap(wrapped, owner, 2)).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void After_rotation_old_wrappings_still_unwrap_and_rewrapping_moves_them_to_the_new_key()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var owner = Guid.NewGuid();
        var wrappedUnderOld = new MasterKeyRing(oldKey).Wrap(dataKey, owner, 3);

        var rotating = new MasterKeyRing(newKey, oldKey);
        rotating.NeedsRewrap(wrappedUnderOld).Should().BeTrue();
        var rewrapped = rotating.Wrap(rotating.Unwrap(wrappedUnderOld, owner, 3), owner, 3);

        var afterOldKeyDropped = new MasterKeyRing(newKey);
        afterOldKeyDropped.NeedsRewrap(rewrapped).Should().BeFalse();
        afterOldKeyDropped.Unwrap(rewrapped, owner, 3).Should().Equal(dataKey);
        afterOldKeyDropped.Invoking(r => r.Unwrap(wrappedUnderOld, owner, 3)).Should().Throw<CryptographicException>()
            .Which.Message.Should().Contain(MasterKeyRing.IdOf(oldKey).ToString("x16")).And.NotContain(Convert.ToBase64String(oldKey));
    }

    [Fact]
    public void An_altered_wrapping_is_detected()
    {
        var ring = new MasterKeyRing(RandomNumberGenerator.GetBytes(32));
        var owner = Guid.NewGuid();
        var wrapped = ring.Wrap(RandomNumberGenerator.GetBytes(32), owner, 1);
        wrapped[^1] ^= 0x80;

        ring.Invoking(r => r.Unwrap(wrapped, owner, 1)).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void A_master_key_of_the_wrong_size_is_refused_and_ids_differ_per_key()
    {
        var act = () => new MasterKeyRing(new byte[16]);

        act.Should().Throw<ArgumentException>();
        MasterKeyRing.IdOf(RandomNumberGenerator.GetBytes(32)).Should().NotBe(MasterKeyRing.IdOf(RandomNumberGenerator.GetBytes(32)));
    }
}

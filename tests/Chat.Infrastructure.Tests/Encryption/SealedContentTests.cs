using System.Security.Cryptography;
using System.Text;
using Chat.Infrastructure.Encryption;
using FluentAssertions;
using Xunit;

namespace Chat.Infrastructure.Tests.Encryption;

public sealed class SealedContentTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly Guid Conversation = Guid.NewGuid();
    private static readonly Guid Row = Guid.NewGuid();

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("Émile 👋🏽 ok")]
    public void A_sealed_value_opens_to_its_plaintext(string text)
    {
        var sealedBytes = SealedContent.Seal(Key, 7, SealPurpose.MessageContent, Conversation, Row, Encoding.UTF8.GetBytes(text));

        SealedContent.KeyVersionOf(sealedBytes).Should().Be(7);
        SealedContent.TryOpen(Key, SealPurpose.MessageContent, Conversation, Row, sealedBytes, out var plaintext).Should().BeTrue();
        Encoding.UTF8.GetString(plaintext).Should().Be(text);
    }

    [Fact]
    public void The_ciphertext_does_not_contain_the_text_and_two_seals_differ()
    {
        var text = Encoding.UTF8.GetBytes("the secret word is kalomi");

        var first = SealedContent.Seal(Key, 1, SealPurpose.MessageContent, Conversation, Row, text);
        var second = SealedContent.Seal(Key, 1, SealPurpose.MessageContent, Conversation, Row, text);

        first.AsSpan().IndexOf("kalomi"u8).Should().Be(-1);
        first.Should().NotEqual(second, "every seal takes a fresh nonce");
    }

    [Fact]
    public void Every_altered_byte_is_detected()
    {
        var sealedBytes = SealedContent.Seal(Key, 1, SealPurpose.MessageContent, Conversation, Row, "hello there"u8);
        for (var i = 0; i < sealedBytes.Length; i++)
        {
            var altered = (byte[])sealedBytes.Clone();
            altered[i] ^= 0x01;

            SealedContent.TryOpen(Key, SealPurpose.MessageContent, Conversation, Row, altered, out var plaintext).Should().BeFalse($"byte {i} was flipped");
            plaintext.Should().BeEmpty();
        }
    }

    [Fact]
    public void A_value_moved_to_another_row_conversation_or_column_or_opened_with_another_key_fails()
    {
        var sealedBytes = SealedContent.Seal(Key, 1, SealPurpose.MessageContent, Conversation, Row, "hello"u8);

        SealedContent.TryOpen(Key, SealPurpose.MessageContent, Conversation, Guid.NewGuid(), sealedBytes, out _).Should().BeFalse();
        SealedContent.TryOpen(Key, SealPurpose.MessageContent, Guid.NewGuid(), Row, sealedBytes, out _).Should().BeFalse();
        SealedContent.TryOpen(Key, SealPurpose.EditContent, Conversation, Row, sealedBytes, out _).Should().BeFalse();
        SealedContent.TryOpen(RandomNumberGenerator.GetBytes(32), SealPurpose.MessageContent, Conversation, Row, sealedBytes, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(28)]
    public void Malformed_input_is_refused_not_thrown(int length)
    {
        var garbage = new byte[length];
        if (length > 0)
        {
            garbage[0] = SealedContent.Format;
        }

        SealedContent.TryOpen(Key, SealPurpose.MessageContent, Conversation, Row, garbage, out _).Should().BeFalse();
    }
}

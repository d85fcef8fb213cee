using System.Security.Cryptography;
using Chat.Infrastructure.Encryption;
using FluentAssertions;
using Xunit;

namespace Chat.Infrastructure.Tests.Encryption;

public sealed class FileCipherTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly Guid Conversation = Guid.NewGuid();
    private static readonly Guid Attachment = Guid.NewGuid();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(FileCipher.ChunkSize - 1)]
    [InlineData(FileCipher.ChunkSize)]
    [InlineData(FileCipher.ChunkSize + 1)]
    [InlineData((3 * FileCipher.ChunkSize) + 5)]
    public async Task A_file_reads_back_whole_and_its_length_is_known_from_the_sealed_length(int size)
    {
        var plain = RandomNumberGenerator.GetBytes(size);

        var sealedFile = await SealAsync(plain);

        FileCipher.PlaintextLength(sealedFile.Length).Should().Be(size);
        using var reader = FileCipher.OpenRead(new MemoryStream(sealedFile), Key, Conversation, Attachment);
        reader.Length.Should().Be(size);
        var copy = new MemoryStream();
        await reader.CopyToAsync(copy);
        copy.ToArray().Should().Equal(plain);
    }

    [Fact]
    public async Task Seeking_reads_the_right_bytes_anywhere()
    {
        var plain = RandomNumberGenerator.GetBytes((2 * FileCipher.ChunkSize) + 100);
        using var reader = FileCipher.OpenRead(new MemoryStream(await SealAsync(plain)), Key, Conversation, Attachment);
        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var at = random.Next(plain.Length);
            var want = Math.Min(random.Next(1, 3000), plain.Length - at);
            reader.Position = at;
            var buffer = new byte[want];
            // Both read paths: Read (range copies of old) and ReadAsync (downloads).
            if (i % 2 == 0)
            {
                reader.ReadExactly(buffer);
            }
            else
            {
                await reader.ReadExactlyAsync(buffer);
            }

            buffer.Should().Equal(plain.AsSpan(at, want).ToArray());
        }

        reader.Position = plain.Length;
        reader.Read(new byte[10]).Should().Be(0);
    }

    [Fact]
    public async Task A_file_cut_at_a_chunk_boundary_or_with_chunks_swapped_or_altered_fails_to_read()
    {
        var plain = RandomNumberGenerator.GetBytes(3 * FileCipher.ChunkSize);
        var sealedFile = await SealAsync(plain);
        var chunk = FileCipher.ChunkSize + 16;

        var truncated = sealedFile.AsSpan(0, FileCipher.HeaderSize + (2 * chunk)).ToArray();
        var swapped = (byte[])sealedFile.Clone();
        sealedFile.AsSpan(FileCipher.HeaderSize, chunk).CopyTo(swapped.AsSpan(FileCipher.HeaderSize + chunk));
        sealedFile.AsSpan(FileCipher.HeaderSize + chunk, chunk).CopyTo(swapped.AsSpan(FileCipher.HeaderSize));
        var altered = (byte[])sealedFile.Clone();
        altered[FileCipher.HeaderSize + 10] ^= 1;

        foreach (var broken in new[] { truncated, swapped, altered })
        {
            await ReadAll(broken, Attachment).Should().ThrowAsync<CryptographicException>();
            var readSynchronously = () =>
            {
                using var reader = FileCipher.OpenRead(new MemoryStream(broken), Key, Conversation, Attachment);
                reader.CopyTo(Stream.Null);
            };
            readSynchronously.Should().Throw<CryptographicException>();
        }

        await ReadAll(sealedFile, Guid.NewGuid()).Should().ThrowAsync<CryptographicException>("a file moved to another attachment fails");
    }

    private static Func<Task> ReadAll(byte[] sealedFile, Guid attachmentId) => async () =>
    {
        using var reader = FileCipher.OpenRead(new MemoryStream(sealedFile), Key, Conversation, attachmentId);
        await reader.CopyToAsync(Stream.Null);
    };

    private static async Task<byte[]> SealAsync(byte[] plain)
    {
        var output = new MemoryStream();
        var length = await FileCipher.EncryptAsync(new MemoryStream(plain), output, Key, 1, Conversation, Attachment, CancellationToken.None);
        length.Should().Be(plain.Length);
        if (plain.Length >= 16)
        {
            // A short plaintext can turn up in random ciphertext bytes by chance (a 1-byte one in about 1 run of 9); 16
            // random bytes cannot (2^-128), so only those are checked.
            output.ToArray().AsSpan().IndexOf(plain.AsSpan(0, Math.Min(plain.Length, 32))).Should().Be(-1);
        }
        return output.ToArray();
    }
}

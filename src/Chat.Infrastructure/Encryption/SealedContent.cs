using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Chat.Infrastructure.Encryption;

/// <summary>What a sealed value is; part of its associated data, so a file name cannot be opened as a message text.</summary>
public enum SealPurpose : byte
{
    MessageContent = 1,
    EditContent = 2,
    AttachmentFileName = 3,
    /// <summary>An attachment's file key, sealed under its conversation's data key once a message carries it.</summary>
    AttachmentFileKey = 4,
}

/// <summary>
/// AES-256-GCM (NIST SP 800-38D) envelope for one short value under a conversation's data key. Layout:
/// <c>[format 0x01][data-key version: uint32 BE][nonce: 12][ciphertext][tag: 16]</c>. The associated data binds the
/// purpose, the conversation id, the row id and the header, so a ciphertext copied to another row, another
/// conversation or another column fails its integrity check instead of decrypting.
/// </summary>
public static class SealedContent
{
    public const byte Format = 1;
    public const int HeaderSize = 1 + 4 + NonceSize;
    private const int NonceSize = 12;
    /// <summary>The GCM tag size (bytes), for callers that make their own <see cref="AesGcm"/>.</summary>
    public const int TagSize = 16;
    private static readonly byte[] Label = "chat/seal/1"u8.ToArray();

    /// <summary>Encrypts <paramref name="plaintext"/> with a fresh random nonce (96 bits: safe far beyond 2^32 seals per key).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> dataKey, uint keyVersion, SealPurpose purpose, Guid conversationId, Guid rowId, ReadOnlySpan<byte> plaintext)
    {
        var sealedBytes = new byte[HeaderSize + plaintext.Length + TagSize];
        sealedBytes[0] = Format;
        BinaryPrimitives.WriteUInt32BigEndian(sealedBytes.AsSpan(1), keyVersion);
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(5, NonceSize));
        using var aes = new AesGcm(dataKey, TagSize);
        aes.Encrypt(
            sealedBytes.AsSpan(5, NonceSize),
            plaintext,
            sealedBytes.AsSpan(HeaderSize, plaintext.Length),
            sealedBytes.AsSpan(HeaderSize + plaintext.Length),
            AssociatedData(purpose, conversationId, rowId, sealedBytes.AsSpan(0, 5)));
        return sealedBytes;
    }

    /// <summary>The data-key version a sealed value names (to pick the key), or null when it is not a sealed value.</summary>
    public static uint? KeyVersionOf(ReadOnlySpan<byte> sealedBytes) =>
        sealedBytes.Length >= HeaderSize + TagSize && sealedBytes[0] == Format ? BinaryPrimitives.ReadUInt32BigEndian(sealedBytes[1..]) : null;

    /// <summary>
    /// Decrypts and verifies; false (and no plaintext) when the value is malformed, was altered, or belongs to another
    /// row, conversation, purpose or key.
    /// </summary>
    public static bool TryOpen(ReadOnlySpan<byte> dataKey, SealPurpose purpose, Guid conversationId, Guid rowId, ReadOnlySpan<byte> sealedBytes, out byte[] plaintext)
    {
        using var aes = new AesGcm(dataKey, TagSize);
        return TryOpen(aes, purpose, conversationId, rowId, sealedBytes, out plaintext);
    }

    /// <summary>
    /// <see cref="TryOpen(ReadOnlySpan{byte}, SealPurpose, Guid, Guid, ReadOnlySpan{byte}, out byte[])"/> with an
    /// <see cref="AesGcm"/> already made for the data key (its key schedule reused across the values of a page); the
    /// caller keeps one thread at a time on it.
    /// </summary>
    public static bool TryOpen(AesGcm aes, SealPurpose purpose, Guid conversationId, Guid rowId, ReadOnlySpan<byte> sealedBytes, out byte[] plaintext)
    {
        plaintext = [];
        if (KeyVersionOf(sealedBytes) is null)
        {
            return false;
        }

        var body = sealedBytes[HeaderSize..^TagSize];
        var output = new byte[body.Length];
        try
        {
            aes.Decrypt(sealedBytes.Slice(5, NonceSize), body, sealedBytes[^TagSize..], output, AssociatedData(purpose, conversationId, rowId, sealedBytes[..5]));
        }
        catch (CryptographicException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }

    private static byte[] AssociatedData(SealPurpose purpose, Guid conversationId, Guid rowId, ReadOnlySpan<byte> header)
    {
        var data = new byte[Label.Length + 1 + 16 + 16 + header.Length];
        Label.CopyTo(data, 0);
        data[Label.Length] = (byte)purpose;
        conversationId.TryWriteBytes(data.AsSpan(Label.Length + 1), bigEndian: true, out _);
        rowId.TryWriteBytes(data.AsSpan(Label.Length + 17), bigEndian: true, out _);
        header.CopyTo(data.AsSpan(Label.Length + 33));
        return data;
    }
}

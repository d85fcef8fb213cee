using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// The master keys that wrap data keys: the current one (wraps everything new) and, during a rotation, earlier ones
/// that may still be named by wrapped keys not yet re-wrapped. Keys never leave this object except as wrapping
/// results; their ids are derived one-way (HKDF, RFC 5869), so logging an id reveals nothing of the key.
/// </summary>
public sealed class MasterKeyRing
{
    public const int KeySize = 32;
    public const int IdSize = 8;
    private const byte WrapFormat = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] WrapLabel = "chat/wrap/1"u8.ToArray();

    private readonly Dictionary<ulong, byte[]> _wrappingKeys = [];

    /// <param name="current">The master key new data keys are wrapped with (32 bytes).</param>
    /// <param name="earlier">Master keys that may still wrap stored data keys (read only).</param>
    public MasterKeyRing(byte[] current, params IEnumerable<byte[]> earlier)
    {
        CurrentId = Add(current);
        foreach (var key in earlier)
        {
            Add(key);
        }
    }

    /// <summary>The id of the current master key (stored beside each wrapped key; shown by <c>rotate-key</c>).</summary>
    public ulong CurrentId { get; }

    /// <summary>The one-way id of a master key: the first 8 bytes of HKDF-SHA256(key, info "chat master-key id").</summary>
    public static ulong IdOf(ReadOnlySpan<byte> masterKey)
    {
        Span<byte> id = stackalloc byte[IdSize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, id, salt: [], info: "chat master-key id"u8);
        return BinaryPrimitives.ReadUInt64BigEndian(id);
    }

    /// <summary>
    /// Wraps a data key with AES-256-GCM under a key derived from the current master key. Layout:
    /// <c>[0x01][master-key id: 8][nonce: 12][wrapped key][tag: 16]</c>; the associated data binds the owner id (a
    /// conversation, or <see cref="Guid.Empty"/> for the search key) and the data key's version.
    /// </summary>
    public byte[] Wrap(ReadOnlySpan<byte> dataKey, Guid ownerId, uint version)
    {
        var wrapped = new byte[1 + IdSize + NonceSize + dataKey.Length + TagSize];
        wrapped[0] = WrapFormat;
        BinaryPrimitives.WriteUInt64BigEndian(wrapped.AsSpan(1), CurrentId);
        RandomNumberGenerator.Fill(wrapped.AsSpan(1 + IdSize, NonceSize));
        using var aes = new AesGcm(_wrappingKeys[CurrentId], TagSize);
        var body = 1 + IdSize + NonceSize;
        aes.Encrypt(wrapped.AsSpan(1 + IdSize, NonceSize), dataKey, wrapped.AsSpan(body, dataKey.Length), wrapped.AsSpan(body + dataKey.Length), AssociatedData(ownerId, version, wrapped.AsSpan(0, 1 + IdSize)));
        return wrapped;
    }

    /// <summary>The id of the master key that wrapped <paramref name="wrapped"/>, or null when it is not a wrapped key.</summary>
    public static ulong? WrappedBy(ReadOnlySpan<byte> wrapped) =>
        wrapped.Length > 1 + IdSize + NonceSize + TagSize && wrapped[0] == WrapFormat ? BinaryPrimitives.ReadUInt64BigEndian(wrapped[1..]) : null;

    /// <summary>
    /// Unwraps a data key. Fails with <see cref="CryptographicException"/> (never naming key bytes) when the wrapping
    /// master key is not in the ring or the wrapped key was altered or moved to another owner or version.
    /// </summary>
    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, Guid ownerId, uint version)
    {
        if (WrappedBy(wrapped) is not { } id)
        {
            throw new CryptographicException("The wrapped data key is malformed.");
        }

        if (!_wrappingKeys.TryGetValue(id, out var wrappingKey))
        {
            throw new CryptographicException($"The data key is wrapped by master key {id:x16}, which is not configured.");
        }

        var body = 1 + IdSize + NonceSize;
        var dataKey = new byte[wrapped.Length - body - TagSize];
        using var aes = new AesGcm(wrappingKey, TagSize);
        aes.Decrypt(wrapped.Slice(1 + IdSize, NonceSize), wrapped[body..^TagSize], wrapped[^TagSize..], dataKey, AssociatedData(ownerId, version, wrapped[..(1 + IdSize)]));
        return dataKey;
    }

    /// <summary>True when <paramref name="wrapped"/> is wrapped by a master key other than the current one (rotation left it behind).</summary>
    public bool NeedsRewrap(ReadOnlySpan<byte> wrapped) => WrappedBy(wrapped) != CurrentId;

    private ulong Add(byte[] masterKey)
    {
        if (masterKey.Length != KeySize)
        {
            throw new ArgumentException($"A master key must be {KeySize} bytes (256 bits).", nameof(masterKey));
        }

        var id = IdOf(masterKey);
        // A key of its own for wrapping, so the master key itself is used for one purpose only (NIST SP 800-57 §5.2).
        _wrappingKeys[id] = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, KeySize, salt: [], info: "chat data-key wrapping"u8.ToArray());
        return id;
    }

    private static byte[] AssociatedData(Guid ownerId, uint version, ReadOnlySpan<byte> header)
    {
        var data = new byte[WrapLabel.Length + 16 + 4 + header.Length];
        WrapLabel.CopyTo(data, 0);
        ownerId.TryWriteBytes(data.AsSpan(WrapLabel.Length), bigEndian: true, out _);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(WrapLabel.Length + 16), version);
        header.CopyTo(data.AsSpan(WrapLabel.Length + 20));
        return data;
    }
}

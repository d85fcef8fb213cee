using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// Attachment bytes under a conversation's data key, in independently authenticated chunks so a download streams and
/// seeks without holding the file in memory (the "STREAM" construction: Hoang, Reyhanitabar, Rogaway, Vizár 2015).
/// Layout: <c>[format 0x01][data-key version: uint32 BE][nonce prefix: 8]</c> then chunks of
/// <see cref="ChunkSize"/> plaintext bytes (the last one shorter, possibly empty), each followed by its 16-byte tag.
/// Chunk i uses nonce <c>prefix ‖ i</c>; its associated data binds the conversation, the attachment, the header, i and
/// whether it is the last chunk, so reordered, dropped, truncated or transplanted chunks fail.
/// </summary>
public static class FileCipher
{
    public const int ChunkSize = 64 * 1024;
    public const int HeaderSize = 1 + 4 + 8;
    private const byte Format = 1;
    private const int TagSize = 16;
    private static readonly byte[] Label = "chat/file/1"u8.ToArray();

    /// <summary>Encrypts all of <paramref name="input"/> into <paramref name="output"/>; answers the plaintext length.</summary>
    public static async Task<long> EncryptAsync(Stream input, Stream output, byte[] dataKey, uint keyVersion, Guid conversationId, Guid attachmentId, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        header[0] = Format;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), keyVersion);
        RandomNumberGenerator.Fill(header.AsSpan(5, 8));
        await output.WriteAsync(header, cancellationToken);

        using var aes = new AesGcm(dataKey, TagSize);
        var current = new byte[ChunkSize];
        var next = new byte[ChunkSize];
        var sealedChunk = new byte[ChunkSize + TagSize];
        var currentLength = await FillAsync(input, current, cancellationToken);
        long total = 0;
        for (uint index = 0; ; index++)
        {
            // Read ahead one chunk: only then is it known whether this one is the last.
            var nextLength = currentLength == ChunkSize ? await FillAsync(input, next, cancellationToken) : 0;
            var isLast = currentLength < ChunkSize || nextLength == 0;
            aes.Encrypt(Nonce(header, index), current.AsSpan(0, currentLength), sealedChunk.AsSpan(0, currentLength), sealedChunk.AsSpan(currentLength, TagSize), AssociatedData(header, conversationId, attachmentId, index, isLast));
            await output.WriteAsync(sealedChunk.AsMemory(0, currentLength + TagSize), cancellationToken);
            total += currentLength;
            if (isLast)
            {
                return total;
            }

            (current, next) = (next, current);
            currentLength = nextLength;
        }
    }

    /// <summary>The plaintext length of a sealed file of <paramref name="sealedLength"/> bytes (null when no sealed file has that length).</summary>
    public static long? PlaintextLength(long sealedLength)
    {
        var body = sealedLength - HeaderSize;
        if (body < TagSize)
        {
            return null;
        }

        var chunks = (body + ChunkSize + TagSize - 1) / (ChunkSize + TagSize);
        return body - (chunks * TagSize);
    }

    /// <summary>The data-key version named in a sealed file's header, or null when the header is not one.</summary>
    public static uint? KeyVersionOf(ReadOnlySpan<byte> header) =>
        header.Length >= HeaderSize && header[0] == Format ? BinaryPrimitives.ReadUInt32BigEndian(header[1..]) : null;

    /// <summary>
    /// A read-only, seekable view of the plaintext of <paramref name="sealedFile"/> (which must be seekable: the chunk
    /// count, and so which chunk is the last, comes from its length). A chunk that fails its check throws
    /// <see cref="CryptographicException"/> from Read: no unverified byte is ever returned.
    /// </summary>
    public static Stream OpenRead(Stream sealedFile, byte[] dataKey, Guid conversationId, Guid attachmentId) =>
        new DecryptingStream(sealedFile, dataKey, conversationId, attachmentId);

    internal static byte[] Nonce(ReadOnlySpan<byte> header, uint index)
    {
        var nonce = new byte[12];
        header.Slice(5, 8).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce.AsSpan(8), index);
        return nonce;
    }

    internal static byte[] AssociatedData(ReadOnlySpan<byte> header, Guid conversationId, Guid attachmentId, uint index, bool isLast)
    {
        var data = new byte[Label.Length + 16 + 16 + HeaderSize + 4 + 1];
        var at = 0;
        Label.CopyTo(data, at);
        at += Label.Length;
        conversationId.TryWriteBytes(data.AsSpan(at), bigEndian: true, out _);
        at += 16;
        attachmentId.TryWriteBytes(data.AsSpan(at), bigEndian: true, out _);
        at += 16;
        header[..HeaderSize].CopyTo(data.AsSpan(at));
        at += HeaderSize;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), index);
        data[at + 4] = isLast ? (byte)1 : (byte)0;
        return data;
    }

    private static async Task<int> FillAsync(Stream input, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private sealed class DecryptingStream : Stream
    {
        private readonly Stream _inner;
        private readonly AesGcm _aes;
        private readonly Guid _conversationId;
        private readonly Guid _attachmentId;
        private readonly byte[] _header = new byte[HeaderSize];
        private readonly byte[] _sealedChunk = new byte[ChunkSize + TagSize];
        private readonly byte[] _plainChunk = new byte[ChunkSize];
        private readonly long _length;
        private readonly long _chunkCount;
        private long _loadedChunk = -1;
        private int _loadedLength;
        private long _position;

        public DecryptingStream(Stream inner, byte[] dataKey, Guid conversationId, Guid attachmentId)
        {
            if (!inner.CanSeek)
            {
                throw new ArgumentException("A sealed attachment is read from a seekable stream.", nameof(inner));
            }

            _inner = inner;
            _conversationId = conversationId;
            _attachmentId = attachmentId;
            _aes = new AesGcm(dataKey, TagSize);
            _inner.ReadExactly(_header);
            if (KeyVersionOf(_header) is null)
            {
                throw new CryptographicException("The file is not a sealed attachment.");
            }

            var sealedLength = inner.Length;
            _length = PlaintextLength(sealedLength) ?? throw new CryptographicException("The sealed attachment is truncated.");
            _chunkCount = (sealedLength - HeaderSize + ChunkSize + TagSize - 1) / (ChunkSize + TagSize);
        }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.Length == 0)
            {
                return 0;
            }

            var chunk = _position / ChunkSize;
            if (chunk != _loadedChunk && !Load(chunk))
            {
                return 0;
            }

            return CopyOut(buffer, chunk);
        }

        private int CopyOut(Span<byte> buffer, long chunk)
        {
            var within = (int)(_position - (chunk * ChunkSize));
            var available = _loadedLength - within;
            if (available <= 0)
            {
                return 0;
            }

            var taken = Math.Min(available, buffer.Length);
            _plainChunk.AsSpan(within, taken).CopyTo(buffer);
            _position += taken;
            return taken;
        }

        // Asynchronous too (a download is copied with ReadAsync): the base class would run Read on the thread pool.
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length == 0)
            {
                return 0;
            }

            var chunk = _position / ChunkSize;
            if (chunk != _loadedChunk)
            {
                if (chunk >= _chunkCount)
                {
                    return 0;
                }

                _inner.Position = HeaderSize + (chunk * (ChunkSize + TagSize));
                var read = 0;
                while (read < _sealedChunk.Length)
                {
                    var n = await _inner.ReadAsync(_sealedChunk.AsMemory(read), cancellationToken);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                Open(chunk, read);
            }

            return CopyOut(buffer.Span, chunk);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => _length + offset,
            };
            ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
            _position = target;
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _aes.Dispose();
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        // Reads and verifies chunk i; false past the end. Which chunk is last comes from the length and is authenticated,
        // so a file cut at a chunk boundary fails instead of reading as a shorter file.
        private bool Load(long chunk)
        {
            if (chunk >= _chunkCount)
            {
                return false;
            }

            _inner.Position = HeaderSize + (chunk * (ChunkSize + TagSize));
            var read = 0;
            while (read < _sealedChunk.Length)
            {
                var n = _inner.Read(_sealedChunk, read, _sealedChunk.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            Open(chunk, read);
            return true;
        }

        // Verifies and decrypts the chunk just read (read: its sealed length) into the plaintext buffer.
        private void Open(long chunk, int read)
        {
            if (read < TagSize)
            {
                throw new CryptographicException("The sealed attachment is truncated.");
            }

            var length = read - TagSize;
            var isLast = chunk == _chunkCount - 1;
            _aes.Decrypt(Nonce(_header, (uint)chunk), _sealedChunk.AsSpan(0, length), _sealedChunk.AsSpan(length, TagSize), _plainChunk.AsSpan(0, length), AssociatedData(_header, _conversationId, _attachmentId, (uint)chunk, isLast));
            _loadedChunk = chunk;
            _loadedLength = length;
        }
    }
}

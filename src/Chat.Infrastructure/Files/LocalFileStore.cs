using System.Security.Cryptography;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Files;

/// <summary>
/// <see cref="IFileStore"/> on the local disk: <c>{data}/files/ab/cd/abcd…</c> (the SHA-256 in hex, fanned out by its
/// first two bytes so no folder grows huge), staging files in <c>{data}/files/staging</c> on the same volume so a
/// commit is an atomic rename. Names on disk come only from hashes and random ids, never from a client.
/// </summary>
public sealed class LocalFileStore : IFileStore
{
    private const int BufferSize = 81920;
    private readonly string _root;
    private readonly string _staging;

    public LocalFileStore(string dataDirectory)
    {
        _root = Path.Combine(dataDirectory, "files");
        _staging = Path.Combine(_root, "staging");
        Directory.CreateDirectory(_staging);
    }

    public async Task<StagedFile> StageAsync(Func<Stream, CancellationToken, Task> write, long maxBytes, CancellationToken cancellationToken)
    {
        var handle = Guid.NewGuid().ToString("N");
        var path = StagingPath(handle);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            await using (var counting = new HashingLimitStream(file, hash, maxBytes))
            {
                await write(counting, cancellationToken);
                await counting.FlushAsync(cancellationToken);
                size = counting.Written;
            }

            return new StagedFile(handle, Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public Stream OpenStaged(StagedFile file) =>
        new FileStream(StagingPath(file.Handle), FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

    public Task CommitAsync(StagedFile file, CancellationToken cancellationToken)
    {
        var target = ContentPath(file.Sha256);
        var staged = StagingPath(file.Handle);
        if (File.Exists(target))
        {
            File.Delete(staged);
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(staged, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another upload of the same bytes got there first: the content is the same.
            File.Delete(staged);
        }

        return Task.CompletedTask;
    }

    public void Discard(StagedFile file) => File.Delete(StagingPath(file.Handle));

    public Stream? OpenRead(string sha256)
    {
        try
        {
            return new FileStream(ContentPath(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public bool Exists(string sha256) => File.Exists(ContentPath(sha256));

    public void Delete(string sha256) => File.Delete(ContentPath(sha256));

    private string StagingPath(string handle) =>
        Path.Combine(_staging, Guid.TryParseExact(handle, "N", out _) ? handle : throw new ArgumentException("Not a staging handle.", nameof(handle)));

    private string ContentPath(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a lower-case hex SHA-256.", nameof(sha256));
        }

        return Path.Combine(_root, sha256[..2], sha256[2..4], sha256);
    }

    /// <summary>Writes through to the file while hashing and counting; refuses the byte that would pass the limit.</summary>
    private sealed class HashingLimitStream(Stream inner, IncrementalHash hash, long maxBytes) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position
        {
            get => Written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count(buffer);
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Count(ReadOnlySpan<byte> buffer)
        {
            if (Written + buffer.Length > maxBytes)
            {
                throw new PayloadTooLargeException($"The file is larger than the limit of {maxBytes} bytes.");
            }

            Written += buffer.Length;
            hash.AppendData(buffer);
        }
    }
}

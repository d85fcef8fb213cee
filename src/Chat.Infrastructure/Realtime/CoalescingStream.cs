using System.Buffers;
using System.Buffers.Binary;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// The byte stream under one server WebSocket (the upgraded HTTP connection), with a batch mode: while a batch is open,
/// whole frames — the socket's queued event frames, framed here, and any control frame the WebSocket itself writes
/// meanwhile (pong, keep-alive ping) — are gathered in one pooled buffer and reach the connection in one write and one
/// flush when the batch ends. Outside a batch, writes go straight through.
/// </summary>
/// <remarks>
/// Why: a socket writer that finds many frames queued (a busy conversation, a 1,000-member room) otherwise pays the
/// server's per-write cost (Kestrel's pipe write and flush, ManagedWebSocket's framing and send lock) once per frame.
/// Every write is a whole frame (ManagedWebSocket writes each frame in one call; <see cref="AppendTextFrame"/> one
/// frame too), and writes to the connection are serialized, so frames never interleave; RFC 6455 §5.4 allows control
/// frames between data frames. Data frames are never written after the WebSocket sent its close: the one writer loop
/// appends them and says goodbye only after its last batch.
/// </remarks>
public sealed class CoalescingStream(Stream inner) : Stream
{
    private const int MinBufferBytes = 16 * 1024;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private byte[]? _buffer;
    private int _length;
    private bool _batching;
    private volatile bool _disposed;

    /// <summary>Bytes gathered in the open batch so far.</summary>
    public int BatchedBytes
    {
        get
        {
            lock (_gate)
            {
                return _length;
            }
        }
    }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Opens a batch: writes are gathered until <see cref="EndBatchAsync"/>.</summary>
    /// <exception cref="ObjectDisposedException">The connection is gone (the socket was aborted).</exception>
    public void BeginBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            _batching = true;
        }
    }

    /// <summary>
    /// Appends one final, unmasked text frame (RFC 6455 §5.2: FIN and opcode 0x1, a 7-, 16- or 64-bit payload length,
    /// no mask from a server) carrying <paramref name="utf8Payload"/> to the open batch.
    /// </summary>
    /// <exception cref="InvalidOperationException">No batch is open.</exception>
    public void AppendTextFrame(ReadOnlySpan<byte> utf8Payload)
    {
        Span<byte> header = stackalloc byte[10];
        header[0] = 0x81; // FIN, text
        int headerLength;
        if (utf8Payload.Length <= 125)
        {
            header[1] = (byte)utf8Payload.Length;
            headerLength = 2;
        }
        else if (utf8Payload.Length <= ushort.MaxValue)
        {
            header[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)utf8Payload.Length);
            headerLength = 4;
        }
        else
        {
            header[1] = 127;
            BinaryPrimitives.WriteUInt64BigEndian(header[2..], (ulong)utf8Payload.Length);
            headerLength = 10;
        }

        lock (_gate)
        {
            if (!_batching)
            {
                throw new InvalidOperationException("A frame is appended only inside a batch.");
            }

            var target = Reserve(headerLength + utf8Payload.Length);
            header[..headerLength].CopyTo(target);
            utf8Payload.CopyTo(target[headerLength..]);
        }
    }

    /// <summary>Ends the batch: what it gathered is written to the connection in one write (and flush).</summary>
    /// <param name="cancellationToken">Ends a wait for a write that is still in progress (a peer that does not read).</param>
    public async ValueTask EndBatchAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        byte[]? buffer;
        int length;
        lock (_gate)
        {
            buffer = _buffer;
            length = _length;
            _buffer = null;
            _length = 0;
            _batching = false;
        }

        try
        {
            if (length > 0)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                await inner.WriteAsync(buffer.AsMemory(0, length), CancellationToken.None);
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            _writeLock.Release();
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_batching)
            {
                buffer.Span.CopyTo(Reserve(buffer.Length));
                return ValueTask.CompletedTask;
            }
        }

        return WriteThroughAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await inner.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private async ValueTask WriteThroughAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // Callers hold _gate.
    private Span<byte> Reserve(int count)
    {
        var needed = _length + count;
        if (_buffer is null || _buffer.Length < needed)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(MinBufferBytes, Math.Max(needed, (_buffer?.Length ?? 0) * 2)));
            if (_buffer is not null)
            {
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        var span = _buffer.AsSpan(_length, count);
        _length = needed;
        return span;
    }
}

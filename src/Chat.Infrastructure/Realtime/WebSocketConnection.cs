using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// One accepted WebSocket: a bounded outbound queue drained by a single writer loop (the only code that sends on the
/// socket), and a reader loop that assembles inbound messages up to the frame limit and hands them on one at a time.
/// </summary>
/// <remarks>
/// Every way out ends in <see cref="RunAsync"/> returning: the peer closes (its close is answered), the server closes
/// (1013 queue full, 1009 frame too big, 1008 too many sockets, 1001 shutting down), the connection drops, or the
/// heartbeat gives up (the socket's keep-alive aborts it). A close that the peer does not complete, or a write the peer
/// does not read, is bounded by <see cref="CloseTimeout"/>, after which the socket is aborted.
/// </remarks>
public sealed class WebSocketConnection : IRealtimeConnection, IDisposable
{
    /// <summary>1013 Try Again Later: the client did not read fast enough; it catches up over REST.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>1012: the node is restarting or draining (SIGTERM); reconnecting, to any node, works at once.</summary>
    public const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private const int ReceiveChunkBytes = 4096;

    private readonly WebSocket _socket;
    private readonly Channel<OutboundFrame> _outbound;
    private readonly int _maxMessageBytes;
    private readonly Action<IRealtimeConnection, OutboundFrame>? _onFrameWritten;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _writeCts = new();
    private readonly CancellationTokenSource _readCts = new();
    private readonly List<OutboundFrame> _firstFrames = [];
    private readonly Lock _gate = new();
    private WebSocketCloseStatus? _closeStatus;
    private string _closeReason = string.Empty;

    public WebSocketConnection(
        WebSocket socket,
        Guid userId,
        Guid sessionId,
        int queueCapacity,
        int maxMessageBytes,
        ILogger logger,
        Action<IRealtimeConnection, OutboundFrame>? onFrameWritten = null)
    {
        _socket = socket;
        UserId = userId;
        SessionId = sessionId;
        _maxMessageBytes = maxMessageBytes;
        _logger = logger;
        _onFrameWritten = onFrameWritten;
        _outbound = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(Math.Max(1, queueCapacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Guid SessionId { get; }

    public Guid UserId { get; }

    /// <summary>The login and credential expiry the socket is bound to; replaced (atomically) when the client re-authenticates.</summary>
    public SocketLogin Login { get; set; } = new(Guid.Empty, DateTimeOffset.MaxValue);

    public Guid LoginSessionId => Login.SessionId;

    public bool IsClosing
    {
        get
        {
            lock (_gate)
            {
                return _closeStatus is not null;
            }
        }
    }

    /// <summary>The status the server closed with, when it was the server that closed.</summary>
    public WebSocketCloseStatus? ServerCloseStatus
    {
        get
        {
            lock (_gate)
            {
                return _closeStatus;
            }
        }
    }

    /// <summary>Frames waiting in the outbound queue.</summary>
    public int QueuedCount => _outbound.Reader.Count;

    /// <summary>Frames written before anything from the queue, in this order (connection_established, online_friends).</summary>
    public void SendFirst(OutboundFrame frame) => _firstFrames.Add(frame);

    public bool TryEnqueue(OutboundFrame frame)
    {
        if (IsClosing)
        {
            return false;
        }

        if (_outbound.Writer.TryWrite(frame))
        {
            return true;
        }

        Close(TryAgainLater, "Outbound queue full; catch up over REST.");
        return false;
    }

    public void Close(WebSocketCloseStatus status, string reason)
    {
        lock (_gate)
        {
            if (_closeStatus is not null)
            {
                return;
            }

            _closeStatus = status;
            _closeReason = reason;
        }

        _outbound.Writer.TryComplete();

        // Whatever the writer is doing (maybe blocked on a peer that does not read), it gets this long to finish and say goodbye.
        try
        {
            _writeCts.CancelAfter(CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    /// <summary>Runs the socket until it is closed or lost; <paramref name="onMessage"/> gets each complete inbound message.</summary>
    public async Task RunAsync(Func<WebSocketMessageType, ReadOnlyMemory<byte>, Task> onMessage, CancellationToken stopping)
    {
        // 1012 "service restart" (RFC 6455 registry): the node is draining; the client reconnects at once, to another node.
        await using var stoppingRegistration = stopping.Register(() => Close(ServiceRestart, "This node is restarting; reconnect."));
        var writer = Task.Run(WriteLoopAsync, CancellationToken.None);
        await ReadLoopAsync(onMessage);

        Close(WebSocketCloseStatus.NormalClosure, string.Empty);
        await writer;
    }

    public void Dispose()
    {
        Close(WebSocketCloseStatus.NormalClosure, string.Empty);
        _writeCts.Dispose();
        _readCts.Dispose();
        _socket.Dispose();
    }

    private async Task ReadLoopAsync(Func<WebSocketMessageType, ReadOnlyMemory<byte>, Task> onMessage)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ReceiveChunkBytes);
        ArrayBufferWriter<byte>? assembled = null;
        var size = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(chunk.AsMemory(), _readCts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (IsClosing)
                {
                    continue; // closing: the rest of what the peer sends (say, an oversized message) is dropped
                }

                size += result.Count;
                if (size > _maxMessageBytes)
                {
                    Close(WebSocketCloseStatus.MessageTooBig, $"Frames are limited to {_maxMessageBytes} bytes.");
                    continue;
                }

                ReadOnlyMemory<byte> message;
                if (result.EndOfMessage && assembled is null)
                {
                    message = chunk.AsMemory(0, result.Count);
                }
                else
                {
                    assembled ??= new ArrayBufferWriter<byte>(ReceiveChunkBytes * 2);
                    assembled.Write(chunk.AsSpan(0, result.Count));
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    message = assembled.WrittenMemory;
                }

                await DeliverInboundAsync(onMessage, result.MessageType, message);
                size = 0;
                assembled = null;
            }
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
            // Lost, aborted (heartbeat or close timeout) or cancelled: the writer has nothing left to do either.
            _writeCts.Cancel();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private async Task DeliverInboundAsync(Func<WebSocketMessageType, ReadOnlyMemory<byte>, Task> onMessage, WebSocketMessageType type, ReadOnlyMemory<byte> message)
    {
        try
        {
            await onMessage(type, message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Handling a frame on socket {SessionId} failed", SessionId);
        }
    }

    private async Task WriteLoopAsync()
    {
        var token = _writeCts.Token;

        // Frames are sent without a cancellation token: ManagedWebSocket then takes its synchronous path (no async state
        // machine, no token registration per frame; with a token every send took its fallback path, ~18 % of the CPU of
        // a 1,000-member fan-out). A write that never completes (a peer that does not read) is ended by aborting the
        // socket when the token fires, which fails the pending write.
        await using var abortOnCancel = token.Register(static socket => ((WebSocket)socket!).Abort(), _socket);
        try
        {
            foreach (var frame in _firstFrames)
            {
                await WriteAsync(frame);
            }

            var reader = _outbound.Reader;
            while (!IsClosing && await reader.WaitToReadAsync(token))
            {
                while (!IsClosing && reader.TryRead(out var frame))
                {
                    await WriteAsync(frame);
                }
            }

            await SayGoodbyeAsync(token);
        }
        catch (Exception ex) when (IsConnectionEnd(ex))
        {
            // The peer is gone or would not read in time; nothing more can be written.
            _socket.Abort();
        }
        finally
        {
            // The reader waits for the peer's answer to our close, but not for ever.
            _readCts.CancelAfter(_socket.State == WebSocketState.Aborted ? TimeSpan.Zero : CloseTimeout);
        }
    }

    private async Task WriteAsync(OutboundFrame frame)
    {
        await _socket.SendAsync(frame.Bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        _onFrameWritten?.Invoke(this, frame);
    }

    private async Task SayGoodbyeAsync(CancellationToken token)
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        WebSocketCloseStatus status;
        string reason;
        lock (_gate)
        {
            status = _closeStatus ?? WebSocketCloseStatus.NormalClosure;
            reason = _closeReason;
        }

        // Answering the peer's close: echo its status.
        if (_socket.State == WebSocketState.CloseReceived && status == WebSocketCloseStatus.NormalClosure && _socket.CloseStatus is { } peerStatus)
        {
            status = peerStatus;
        }

        await _socket.CloseOutputAsync(status, reason, token);
    }

    private static bool IsConnectionEnd(Exception ex) =>
        ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException or InvalidOperationException;
}

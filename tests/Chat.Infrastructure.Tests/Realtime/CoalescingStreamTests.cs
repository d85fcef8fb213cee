using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Chat.Infrastructure.Realtime;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Infrastructure.Tests.Realtime;

/// <summary>
/// A socket's queued frames leave in one write per batch, over a real loopback TCP connection read by .NET's own
/// client WebSocket, which checks the framing (RFC 6455 §5.2) of every frame it reads.
/// </summary>
public sealed class CoalescingStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Frames_queued_together_leave_in_one_write_and_arrive_as_separate_messages_in_order()
    {
        await using var pair = await SocketPair.OpenAsync(queueCapacity: 64);
        var sent = Enumerable.Range(1, 50).Select(i => $$"""{"type":"new_message","n":{{i}}}""").ToList();
        sent.ForEach(text => pair.Connection.TryEnqueue(Frame(text)).Should().BeTrue());

        pair.Start();
        var received = await pair.ReceiveAsync(sent.Count);

        received.Should().Equal(sent);
        pair.ServerWrites.Should().Be(1, "the 50 frames were all waiting when the writer ran");
        pair.Written.Select(f => Encoding.UTF8.GetString(f.Bytes.Span)).Should().Equal(sent, "each frame is reported once, in order, after its write");
    }

    [Fact]
    public async Task More_frames_than_one_batch_holds_leave_in_several_writes_in_order()
    {
        await using var pair = await SocketPair.OpenAsync(queueCapacity: 512);
        var sent = Enumerable.Range(1, (2 * WebSocketConnection.MaxBatchFrames) + 44).Select(i => $"frame {i}").ToList();
        sent.ForEach(text => pair.Connection.TryEnqueue(Frame(text)).Should().BeTrue());

        pair.Start();
        var received = await pair.ReceiveAsync(sent.Count);

        received.Should().Equal(sent);
        pair.ServerWrites.Should().Be(3);
        pair.StillQueuedAfterEachWrite.Should().Equal(sent.Count - WebSocketConnection.MaxBatchFrames, 44, 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(125)] // the largest 7-bit length
    [InlineData(126)] // the smallest 16-bit length
    [InlineData(65_535)] // the largest 16-bit length
    [InlineData(65_536)] // the smallest 64-bit length
    [InlineData(200_000)]
    public async Task Every_payload_length_form_is_framed_as_RFC_6455_says(int length)
    {
        await using var pair = await SocketPair.OpenAsync(queueCapacity: 8);
        var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        pair.Connection.TryEnqueue(Frame(text)).Should().BeTrue();
        pair.Connection.TryEnqueue(Frame("after")).Should().BeTrue();

        pair.Start();

        (await pair.ReceiveAsync(2)).Should().Equal(text, "after");
    }

    [Fact]
    public async Task A_control_frame_written_during_a_batch_leaves_whole_inside_it_and_other_writes_go_straight_through()
    {
        var inner = new CountingStream(new MemoryStream());
        var stream = new CoalescingStream(inner);
        byte[] pong = [0x8A, 0x01, (byte)'p'];

        await stream.WriteAsync(pong);
        inner.Writes.Should().Be(1, "outside a batch a write goes straight through");

        stream.BeginBatch();
        stream.AppendTextFrame("a"u8);
        await stream.WriteAsync(pong);
        stream.AppendTextFrame("b"u8);
        inner.Writes.Should().Be(1, "nothing leaves while the batch is open");
        stream.BatchedBytes.Should().Be(3 + 3 + 3);
        await stream.EndBatchAsync(CancellationToken.None);

        inner.Writes.Should().Be(2);
        ((MemoryStream)inner.Inner).ToArray().Should().Equal([.. pong, 0x81, 0x01, (byte)'a', .. pong, 0x81, 0x01, (byte)'b']);
        stream.BatchedBytes.Should().Be(0);
    }

    [Fact]
    public async Task A_frame_outside_a_batch_and_a_batch_on_a_gone_connection_are_refused()
    {
        var stream = new CoalescingStream(new MemoryStream());
        stream.Invoking(s => s.AppendTextFrame("a"u8)).Should().Throw<InvalidOperationException>();

        stream.BeginBatch();
        stream.AppendTextFrame("a"u8);
        await stream.DisposeAsync();

        await stream.Awaiting(s => s.EndBatchAsync(CancellationToken.None).AsTask()).Should().ThrowAsync<ObjectDisposedException>();
        stream.Invoking(s => s.BeginBatch()).Should().Throw<ObjectDisposedException>();
    }

    private static OutboundFrame Frame(string text) => new(Encoding.UTF8.GetBytes(text), EnqueuedAt: 1);

    /// <summary>A server <see cref="WebSocketConnection"/> and a client WebSocket on the two ends of a loopback TCP connection.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly TcpClient _client;
        private readonly TcpClient _server;
        private readonly CountingStream _serverStream;
        private readonly WebSocket _clientSocket;
        private readonly CancellationTokenSource _stop = new();
        private Task? _run;

        private SocketPair(TcpClient client, TcpClient server, int queueCapacity)
        {
            _client = client;
            _server = server;
            _serverStream = new CountingStream(server.GetStream());
            var transport = new CoalescingStream(_serverStream);
            var serverSocket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = true });
            _clientSocket = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
            Connection = new WebSocketConnection(
                serverSocket, transport, Guid.CreateVersion7(), Guid.CreateVersion7(), queueCapacity, maxMessageBytes: 1024, NullLogger.Instance,
                (_, frames, stillQueued) =>
                {
                    Written.AddRange(frames);
                    StillQueuedAfterEachWrite.Add(stillQueued);
                });
        }

        public WebSocketConnection Connection { get; }

        public List<OutboundFrame> Written { get; } = [];

        public List<int> StillQueuedAfterEachWrite { get; } = [];

        public int ServerWrites => _serverStream.Writes;

        public static async Task<SocketPair> OpenAsync(int queueCapacity)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var client = new TcpClient();
                var accepting = listener.AcceptTcpClientAsync();
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
                return new SocketPair(client, await accepting, queueCapacity);
            }
            finally
            {
                listener.Stop();
            }
        }

        public void Start() => _run = Connection.RunAsync((_, _) => Task.CompletedTask, _stop.Token);

        public async Task<List<string>> ReceiveAsync(int count)
        {
            using var timeout = new CancellationTokenSource(Patience);
            var messages = new List<string>();
            var buffer = new byte[256 * 1024];
            while (messages.Count < count)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _clientSocket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                result.MessageType.Should().Be(WebSocketMessageType.Text);
                messages.Add(Encoding.UTF8.GetString(buffer, 0, length));
            }

            return messages;
        }

        public async ValueTask DisposeAsync()
        {
            Connection.Close(WebSocketCloseStatus.NormalClosure, string.Empty);
            _clientSocket.Abort();
            _client.Dispose();
            if (_run is not null)
            {
                await _run.WaitAsync(Patience);
            }

            Connection.Dispose();
            _server.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>Counts the writes that reach the stream it wraps.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private int _writes;

        public Stream Inner => inner;

        public int Writes => Volatile.Read(ref _writes);

        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Increment(ref _writes);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

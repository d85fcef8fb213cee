using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Chat.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Chat.Api.Tests.Realtime;

/// <summary>
/// A client socket for tests: a background loop reads every frame into a queue, so a test reads them in order with
/// <see cref="NextAsync"/>. Waits are bounded by <see cref="Patience"/> (a deadline against hangs, never an assertion
/// about speed).
/// </summary>
public sealed class TestSocket : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly WebSocket _socket;
    private readonly Channel<JsonElement> _frames = Channel.CreateUnbounded<JsonElement>();
    private Task _receiving;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private int _refs;

    private readonly HashSet<string> _ignored;

    private TestSocket(WebSocket socket, bool startReading = true, IEnumerable<string>? ignore = null)
    {
        _socket = socket;
        _ignored = [.. ignore ?? []];
        _receiving = startReading ? Task.Run(ReceiveLoopAsync) : Task.CompletedTask;
    }

    public WebSocket Socket => _socket;

    /// <summary>The close status the server sent, once the socket has closed.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>True when the connection ended without a close frame (dropped or aborted).</summary>
    public bool Dropped { get; private set; }

    /// <summary>The <c>connection_established</c> frame (when opened with <see cref="OpenAsync"/>).</summary>
    public JsonElement Established { get; private set; }

    /// <summary>The <c>online_friends</c> ids (when opened with <see cref="OpenAsync"/>).</summary>
    public IReadOnlyList<Guid> OnlineFriends { get; private set; } = [];

    public Guid SessionId => Established.GetProperty("sessionId").GetGuid();

    /// <summary>
    /// Connects through the in-memory test server with the user's bearer header and reads the greeting. Frames of the
    /// <paramref name="ignore"/> types (say, friends' <c>presence</c>, which comes at its own pace) are dropped.
    /// </summary>
    public static Task<TestSocket> OpenAsync(ChatApiFactory factory, TestUser user, params string[] ignore) =>
        OpenAsync(factory, "/ws", r => r.Headers.Authorization = "Bearer " + user.AccessToken, ignore);

    public static async Task<TestSocket> OpenAsync(ChatApiFactory factory, string pathAndQuery, Action<HttpRequest>? configure = null, params string[] ignore)
    {
        var socket = await ConnectAsync(factory, pathAndQuery, configure, ignore);
        await socket.ReadGreetingAsync();
        return socket;
    }

    /// <summary>Connects through the in-memory test server; throws when the server refuses the upgrade.</summary>
    public static async Task<TestSocket> ConnectAsync(ChatApiFactory factory, string pathAndQuery, Action<HttpRequest>? configure = null, params string[] ignore)
    {
        await factory.FanOutSettledAsync(); // a new socket starts after what was already answered
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = configure;
        using var timeout = new CancellationTokenSource(Patience);
        var socket = await client.ConnectAsync(new Uri("ws://localhost" + pathAndQuery), timeout.Token);
        return new TestSocket(socket, ignore: ignore);
    }

    /// <summary>Wraps an already connected socket (a real <see cref="ClientWebSocket"/> over Kestrel).</summary>
    public static TestSocket Over(WebSocket socket, bool startReading = true) => new(socket, startReading);

    /// <summary>Starts reading a socket wrapped with <c>startReading: false</c> (a client that stopped reading for a while).</summary>
    public void StartReading() => _receiving = Task.Run(ReceiveLoopAsync);

    public async Task ReadGreetingAsync()
    {
        Established = await ExpectAsync("connection_established");
        var online = await ExpectAsync("online_friends");
        OnlineFriends = online.GetProperty("friends").EnumerateArray().Select(e => e.GetGuid()).ToList();
    }

    /// <summary>The next frame, in arrival order.</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await _frames.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No frame arrived within {Patience.TotalSeconds} s.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"The socket closed ({CloseStatus?.ToString() ?? "dropped"}) before the expected frame.");
        }
    }

    /// <summary>The next frame, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ExpectAsync(string type)
    {
        var frame = await NextAsync();
        frame.GetProperty("type").GetString().Should().Be(type, frame.GetRawText());
        return frame;
    }

    /// <summary>
    /// Sends a ping and returns every frame that arrived before its pong. Frames are queued per socket in order, so an
    /// event published before the ping was answered shows up here; an empty list proves none was.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> DrainAsync()
    {
        var reference = "drain-" + Interlocked.Increment(ref _refs);
        await SendAsync(new { type = "ping", @ref = reference });
        var before = new List<JsonElement>();
        while (true)
        {
            var frame = await NextAsync();
            if (frame.GetProperty("type").GetString() == "pong" && frame.TryGetProperty("ref", out var r) && r.GetString() == reference)
            {
                return before;
            }

            before.Add(frame);
        }
    }

    /// <summary>Asserts that nothing arrived since the last frame read (by a ping round trip).</summary>
    public async Task ExpectNothingAsync()
    {
        var frames = await DrainAsync();
        frames.Should().BeEmpty(string.Join(", ", frames.Select(f => f.GetRawText())));
    }

    public Task SendAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame, ApiTestExtensions.Json));

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type)
    {
        await _sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await _socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Waits until the server has closed (or dropped) the socket and returns the close status it sent.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync()
    {
        var finished = await Task.WhenAny(_receiving, Task.Delay(Patience));
        if (finished != _receiving)
        {
            throw new TimeoutException($"The socket did not close within {Patience.TotalSeconds} s.");
        }

        return CloseStatus;
    }

    /// <summary>Closes from the client side with the full handshake.</summary>
    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Patience);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        }

        await WaitForCloseAsync();
    }

    /// <summary>Drops the connection without a close handshake, as a phone losing its network would.</summary>
    public void Drop() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await CloseAsync();
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
            {
                _socket.Abort();
            }
        }

        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    var frame = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                    if (!_ignored.Contains(frame.GetProperty("type").GetString()!))
                    {
                        _frames.Writer.TryWrite(frame);
                    }

                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Dropped = true;
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}

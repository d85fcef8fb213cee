using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace LoadGen;

public enum Proto { Raw, SignalR, SocketIo, Chat }

/// <summary>
/// One member connection over a plain ClientWebSocket, speaking one of three protocols:
///  raw      - the frame is the payload (room in the URL query).
///  signalr  - JSON hub protocol: handshake {"protocol":"json","version":1}\x1e, invocations (type 1),
///             completions (type 3), pings (type 6); records are \x1e-terminated and may be coalesced.
///  socketio - Engine.IO v4 / Socket.IO v5 packets over /socket.io/?EIO=4&amp;transport=websocket:
///             open "0{..}", connect "40" -> "40{..}", events 42[..], acks 43id[..], ping "2" -> pong "3".
///  chat     - the Chat product's /ws?ticket=.. (realtime.md): greeting connection_established + online_friends
///             (= joined), send_message {conversationId, content, clientMessageId} answered by message_sent,
///             recipients get new_message {message:{conversationId, seq, content, ..}}; one JSON object per frame.
/// Payload (the same in all protocols): "@step:schedTs:seq:sender:" padded with 'x'.
/// </summary>
public sealed class Client
{
    private const byte RS = 0x1E;
    private static readonly byte[] SignalRPing = Encoding.ASCII.GetBytes("{\"type\":6}\u001e");
    private static readonly byte[] SioPong = "3"u8.ToArray();

    public readonly int Id;
    private readonly Proto _proto;
    private readonly Harness _h;
    private readonly ClientWebSocket _ws = new();
    private readonly HttpMessageInvoker? _invoker;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _buf = new byte[1024];
    private int _len;
    private Task? _recvLoop;
    public Channel<(int step, long ts, int seq)>? Outbox;
    private Task? _sendLoop;
    // chat: the channel's conversation id (as JSON text), run tag for clientMessageId, per-socket seq tracking
    public string ChatConversation = "";
    public string ChatTag = "";
    public bool IsSender;
    /// <summary>churn: a member that joins and leaves the room over REST while messages flow (its own checks).</summary>
    public bool IsChurner;
    /// <summary>churn: Stopwatch time its last leave was acknowledged; 0 while a member or asking to join.</summary>
    public long OutSince;
    /// <summary>The room this member belongs to (raw/SignalR/Socket.IO room name; chat keeps the channel id).</summary>
    public string Room = "r0";
    private long _lastSeq;

    /// <param name="invoker">Optional shared handler (binds each connection to one of several loopback source addresses).</param>
    public Client(int id, Proto proto, Harness h, HttpMessageInvoker? invoker = null)
    {
        Id = id; _proto = proto; _h = h; _invoker = invoker;
        _ws.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public bool IsOpen => _ws.State == WebSocketState.Open;

    public async Task ConnectAndJoinAsync(Uri uri, string room, CancellationToken ct)
    {
        await _ws.ConnectAsync(uri, _invoker, ct);
        switch (_proto)
        {
            case Proto.SignalR:
                await SendRawAsync(Encoding.ASCII.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), ct);
                var hs = await ReceiveOneMessageAsync(ct);
                int rs = hs.IndexOf((char)RS);
                if (rs < 0 || hs.Contains("\"error\"")) throw new InvalidOperationException("SignalR handshake failed: " + hs);
                Append(Encoding.ASCII.GetBytes(hs[(rs + 1)..])); // anything coalesced after the handshake reply
                _recvLoop = Task.Run(ReceiveLoopAsync);
                await SendRawAsync(Encoding.ASCII.GetBytes($"{{\"type\":1,\"invocationId\":\"j{Id}\",\"target\":\"JoinRoom\",\"arguments\":[\"{room}\"]}}\u001e"), ct);
                break;
            case Proto.SocketIo:
                var open = await ReceiveOneMessageAsync(ct);
                if (!open.StartsWith("0{")) throw new InvalidOperationException("Engine.IO open expected, got: " + open);
                await SendRawAsync("40"u8.ToArray(), ct);
                var conn = await ReceiveOneMessageAsync(ct);
                if (!conn.StartsWith("40")) throw new InvalidOperationException("Socket.IO CONNECT expected, got: " + conn);
                _recvLoop = Task.Run(ReceiveLoopAsync);
                await SendRawAsync(Encoding.ASCII.GetBytes($"421[\"join\",\"{room}\"]"), ct);
                break;
            case Proto.Chat:
                _recvLoop = Task.Run(ReceiveLoopAsync); // joined when online_friends arrives (the greeting's second frame)
                break;
            default:
                _recvLoop = Task.Run(ReceiveLoopAsync);
                _joined.TrySetResult();
                break;
        }
        await _joined.Task.WaitAsync(ct);
    }

    private async Task<string> ReceiveOneMessageAsync(CancellationToken ct)
    {
        var sb = new StringBuilder();
        var tmp = new byte[4096];
        ValueWebSocketReceiveResult r;
        do
        {
            r = await _ws.ReceiveAsync(tmp.AsMemory(), ct);
            if (r.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("closed during handshake");
            sb.Append(Encoding.UTF8.GetString(tmp, 0, r.Count));
        } while (!r.EndOfMessage);
        return sb.ToString();
    }

    public async Task SendRawAsync(byte[] data, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try { await _ws.SendAsync(data, WebSocketMessageType.Text, true, ct); }
        finally { _sendLock.Release(); }
    }

    public Task PingAsync(CancellationToken ct) =>
        _proto == Proto.SignalR && IsOpen ? SendRawAsync(SignalRPing, ct) : Task.CompletedTask;

    // ---- sending -------------------------------------------------------------------------------

    public void StartSender(string room, int size, CancellationToken ct)
    {
        Outbox = Channel.CreateUnbounded<(int, long, int)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _sendLoop = Task.Run(async () =>
        {
            var reader = Outbox.Reader;
            try
            {
                while (await reader.WaitToReadAsync(ct))
                    while (reader.TryRead(out var m))
                    {
                        // A step that already ended: don't let its backlog load the next step.
                        if (m.step != _h.CurrentStepNo) { _h.OnSkipped(); continue; }
                        var payload = Payload(m.step, m.ts, m.seq, Id, size);
                        var bytes = _proto == Proto.Chat
                            ? Encoding.ASCII.GetBytes($"{{\"type\":\"send_message\",\"ref\":\"{m.step}.{m.seq}\",\"conversationId\":\"{ChatConversation}\",\"content\":\"{payload}\",\"clientMessageId\":\"{ChatTag}-{Id}-{m.step}-{m.seq}\"}}")
                            : Frame(room, payload);
                        await SendRawAsync(bytes, ct);
                        _h.OnSent(m.ts);
                    }
            }
            catch (OperationCanceledException) { }
            catch (WebSocketException e) { _h.OnError($"sender {Id}: {e.Message}"); }
        });
    }

    public static string Payload(int step, long ts, int seq, int sender, int size)
    {
        var p = $"@{step}:{ts}:{seq}:{sender}:";
        return p.Length >= size ? p : p + new string('x', size - p.Length);
    }

    private byte[] Frame(string room, string payload) => _proto switch
    {
        Proto.SignalR => Encoding.ASCII.GetBytes($"{{\"type\":1,\"target\":\"Send\",\"arguments\":[\"{room}\",\"{payload}\"]}}\u001e"),
        Proto.SocketIo => Encoding.ASCII.GetBytes($"42[\"send\",\"{room}\",\"{payload}\"]"),
        _ => Encoding.ASCII.GetBytes(payload),
    };

    // ---- receiving -----------------------------------------------------------------------------

    private void Append(ReadOnlySpan<byte> data)
    {
        EnsureSpace(data.Length);
        data.CopyTo(_buf.AsSpan(_len));
        _len += data.Length;
    }

    private void EnsureSpace(int n)
    {
        if (_buf.Length - _len >= n) return;
        int size = _buf.Length;
        while (size - _len < n) size *= 2;
        Array.Resize(ref _buf, size);
    }

    private async Task ReceiveLoopAsync()
    {
        var ct = _h.Stopping;
        try
        {
            if (_proto == Proto.SignalR && _len > 0) ProcessSignalR();
            while (!ct.IsCancellationRequested)
            {
                EnsureSpace(1024);
                var r = await _ws.ReceiveAsync(_buf.AsMemory(_len), ct);
                if (r.MessageType == WebSocketMessageType.Close) { if (!ct.IsCancellationRequested) { _h.OnError($"client {Id}: server closed ({_ws.CloseStatus} {_ws.CloseStatusDescription})"); _h.OnServerClose(); } break; }
                _len += r.Count;
                if (_proto == Proto.SignalR) { ProcessSignalR(); continue; }   // records may span or share frames
                if (!r.EndOfMessage) continue;
                var msg = _buf.AsSpan(0, _len);
                _len = 0;
                if (_proto == Proto.Raw) { _h.OnPayload(this, msg); continue; }
                if (_proto == Proto.Chat) { ProcessChat(msg); continue; }
                // Socket.IO over Engine.IO: one packet per frame.
                if (msg.Length >= 2 && msg[0] == (byte)'4' && msg[1] == (byte)'2') _h.OnPayload(this, msg);
                else if (msg.Length == 1 && msg[0] == (byte)'2') _ = SendRawAsync(SioPong, ct);
                else if (msg.Length >= 2 && msg[0] == (byte)'4' && msg[1] == (byte)'3') _joined.TrySetResult();
                else if (msg.Length >= 1 && msg[0] == (byte)'1') { _h.OnError($"client {Id}: engine.io close"); break; }
                else if (msg.Length >= 2 && msg[0] == (byte)'4' && msg[1] == (byte)'1') { _h.OnError($"client {Id}: socket.io disconnect"); break; }
                else if (msg.Length >= 2 && msg[0] == (byte)'4' && msg[1] == (byte)'4') { _h.OnError($"client {Id}: socket.io connect_error {Encoding.UTF8.GetString(msg)}"); break; }
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException e) { if (!ct.IsCancellationRequested) _h.OnError($"client {Id}: {e.Message}"); }
        catch (Exception e) { _h.OnError($"client {Id}: {e}"); }
        finally { _joined.TrySetException(new InvalidOperationException($"client {Id} receive loop ended")); }
    }

    private static ReadOnlySpan<byte> TypeOf(ReadOnlySpan<byte> msg)
    {
        int t = msg.IndexOf("\"type\":\""u8);
        if (t < 0) return default;
        var rest = msg[(t + 8)..];
        int q = rest.IndexOf((byte)'"');
        return q < 0 ? default : rest[..q];
    }

    private static long NumAfter(ReadOnlySpan<byte> msg, ReadOnlySpan<byte> key)
    {
        int i = msg.IndexOf(key);
        if (i < 0) return -1;
        long v = 0;
        for (int p = i + key.Length; p < msg.Length && (uint)(msg[p] - '0') <= 9; p++) v = v * 10 + (msg[p] - '0');
        return v;
    }

    private void ProcessChat(ReadOnlySpan<byte> msg)
    {
        var type = TypeOf(msg);
        if (type.SequenceEqual("new_message"u8))
        {
            // only the benchmark channel counts; content starts with the '@' payload
            if (msg.IndexOf(Encoding.ASCII.GetBytes(ChatConversation)) < 0) { _h.OnChatOther(); return; }
            long seq = NumAfter(msg, "\"seq\":"u8);
            if (seq >= 0 && !IsChurner)
            {
                if (seq <= _lastSeq) _h.OnChatNonMonotonic(seq == _lastSeq);
                else if (!IsSender && _lastSeq > 0 && seq > _lastSeq + 1) _h.OnChatGap(seq - _lastSeq - 1);
                if (seq > _lastSeq) _lastSeq = seq;
            }
            int c = msg.IndexOf("\"content\":\"@"u8);
            if (c < 0) { _h.OnChatOther(); return; }
            if (IsChurner) _h.OnChurnerPayload(this, msg[(c + 11)..]);
            else _h.OnPayload(this, msg[(c + 11)..]);
        }
        else if (type.SequenceEqual("message_sent"u8))
        {
            int c = msg.IndexOf("\"content\":\"@"u8);
            if (c >= 0) _h.OnAck(msg[(c + 11)..]);
        }
        else if (type.SequenceEqual("error"u8) && msg.IndexOf("\"rate_limited\""u8) >= 0) _h.OnRefused(msg);
        else if (type.SequenceEqual("error"u8)) _h.OnError($"client {Id}: {Encoding.UTF8.GetString(msg[..Math.Min(msg.Length, 300)])}");
        else if (type.SequenceEqual("online_friends"u8)) _joined.TrySetResult();
        else if (type.SequenceEqual("connection_established"u8)) { }
        else _h.OnChatOther();
    }

    private void ProcessSignalR()
    {
        int start = 0;
        var span = _buf.AsSpan(0, _len);
        while (true)
        {
            int rs = span[start..].IndexOf(RS);
            if (rs < 0) break;
            var rec = span.Slice(start, rs);
            start += rs + 1;
            // {"type":1,"target":"msg","arguments":["@..."]} / {"type":3,...} / {"type":6} / {"type":7,...}
            int t = rec.IndexOf("\"type\":"u8);
            byte type = t >= 0 && t + 7 < rec.Length ? rec[t + 7] : (byte)0;
            switch (type)
            {
                case (byte)'1': _h.OnPayload(this, rec); break;
                case (byte)'3':
                    if (rec.IndexOf("\"error\""u8) >= 0) _h.OnError($"client {Id}: completion error {Encoding.UTF8.GetString(rec)}");
                    _joined.TrySetResult();
                    break;
                case (byte)'6': break; // server ping; we send our own pings on a timer
                case (byte)'7': _h.OnError($"client {Id}: server close {Encoding.UTF8.GetString(rec)}"); break;
            }
        }
        if (start > 0)
        {
            span[start..].CopyTo(_buf);
            _len -= start;
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_ws.State == WebSocketState.Open)
                await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        }
        catch { }
        _ws.Abort();
        try { if (_recvLoop != null) await _recvLoop.WaitAsync(TimeSpan.FromSeconds(2)); } catch { }
        try { if (_sendLoop != null) await _sendLoop.WaitAsync(TimeSpan.FromSeconds(2)); } catch { }
    }
}

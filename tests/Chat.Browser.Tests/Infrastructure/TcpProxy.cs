using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Chat.Browser.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of the server, so a test can cut one browser's connections (HTTP and WebSocket) and bring
/// them back on the same port: <see cref="Stop"/> closes the listener and every open connection; <see cref="Start"/> listens
/// again. Playwright's offline mode would not close an open WebSocket.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private CancellationTokenSource _stop = new();

    /// <summary>Listens at once on a free loopback port, so its origin is known before the server starts; set <see cref="TargetPort"/> before use.</summary>
    public TcpProxy() => Port = StartListener(0);

    public int Port { get; }

    /// <summary>The server's port that connections are forwarded to.</summary>
    public int TargetPort { get; set; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public void Stop()
    {
        _stop.Cancel();
        _listener?.Stop();
        _listener = null;
        foreach (var client in _open.Keys)
        {
            client.Close();
        }

        _open.Clear();
    }

    public void Start()
    {
        _stop = new CancellationTokenSource();
        StartListener(Port);
    }

    private int StartListener(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener, _stop.Token);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = PipeAsync(client, ct);
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken ct)
    {
        var upstream = new TcpClient();
        _open[client] = 0;
        _open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, TargetPort, ct);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The proxy was stopped or one side closed: both sides are closed below.
        }
        finally
        {
            client.Close();
            upstream.Close();
            _open.TryRemove(client, out _);
            _open.TryRemove(upstream, out _);
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}

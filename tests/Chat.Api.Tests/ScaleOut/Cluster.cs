using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.ScaleOut;

/// <summary>
/// Several real server processes (<c>dotnet Chat.Api.dll</c>) on loopback ports sharing one PostgreSQL database (or one
/// SQLite file) and one redis-server of their own: the deployment of README "Several nodes". Nodes can be killed (SIGKILL) and the Redis
/// stopped, restarted, paused.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    private readonly Dictionary<string, string?> _settings;
    private readonly IAsyncDisposable _database;

    private Cluster(IAsyncDisposable database, RedisServer redis, Dictionary<string, string?> settings)
    {
        _database = database;
        Redis = redis;
        _settings = settings;
    }

    public RedisServer Redis { get; }

    public List<ChatServerProcess> Nodes { get; } = [];

    /// <summary>
    /// Starts <paramref name="nodes"/> nodes on a new database of the shared PostgreSQL server, or on
    /// <paramref name="ownPostgres"/> (a server of the test's own, which it may stop; the cluster then owns and disposes it).
    /// </summary>
    /// <param name="provider">Postgres, or Sqlite: one SQLite file in a temp folder that every node opens (one host only).</param>
    public static async Task<Cluster> StartAsync(
        int nodes, IReadOnlyDictionary<string, string?>? extra = null, PostgresServer? ownPostgres = null, DatabaseProvider provider = DatabaseProvider.Postgres)
    {
        IAsyncDisposable database;
        string connectionString;
        if (ownPostgres is null)
        {
            var shared = await TestDatabase.CreateMigratedAsync(provider);
            (database, connectionString) = (shared, shared.ConnectionString);
        }
        else
        {
            var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ChatDbContext>();
            DatabaseSetup.Configure(options, DatabaseProvider.Postgres, ownPostgres.ConnectionString);
            await using (var db = new ChatDbContext(options.Options))
            {
                await DatabaseSetup.MigrateAsync(db);
            }

            (database, connectionString) = (ownPostgres, ownPostgres.ConnectionString);
        }

        var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Chat:DataDirectory"] = Directory.CreateTempSubdirectory("chat-cluster-").FullName,
            ["Chat:Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Chat"] = connectionString,
            ["Chat:Jwt:SigningKey"] = ChatApiFactory.SigningKey,
            ["Chat:Redis:Configuration"] = redis.Configuration,
            ["Chat:Redis:NodeTimeoutSeconds"] = "6",
            // The machine running the tests is shared and can be saturated: a publish-after-commit may take seconds,
            // and neither the order check nor the shared rate limits may turn on that. (Defaults: 2 s and 250 ms.)
            ["Chat:Realtime:OrderingTimeoutMilliseconds"] = "15000",
            ["Chat:Redis:RequestTimeoutMilliseconds"] = "3000",
            ["Chat:Logging:MinimumLevel"] = "Information",
            ["Chat:Attachments:CleanupInterval"] = "00:00:00",
            ["Chat:RateLimits:SendMessage:PermitLimit"] = "100000",
            ["Chat:RateLimits:Register:PermitLimit"] = "100000",
            ["Chat:RateLimits:Socket:PermitLimit"] = "100000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var cluster = new Cluster(database, redis, settings);
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                cluster.Nodes.Add(ChatServerProcess.Start(settings));
            }

            var ready = await Task.WhenAll(cluster.Nodes.Select(n => n.WaitUntilReadyAsync(Patience)));
            for (var i = 0; i < nodes; i++)
            {
                ready[i].Should().BeTrue($"node {i} should serve: {cluster.Nodes[i].StandardError}{cluster.Nodes[i].StandardOutput}");
            }

            // Every node has connected to Redis and subscribed (its readiness says Healthy, not Degraded).
            foreach (var node in cluster.Nodes)
            {
                await cluster.WaitAsync(async () => (await cluster.ReadinessAsync(node)).StartsWith("Healthy", StringComparison.Ordinal), "every node reaches Redis");
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public static HttpClient ClientOf(ChatServerProcess node, string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.Port}"), Timeout = TimeSpan.FromSeconds(120) };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    public async Task<string> ReadinessAsync(ChatServerProcess node)
    {
        using var client = ClientOf(node);
        try
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return $"{await response.Content.ReadAsStringAsync()} ({(int)response.StatusCode})";
        }
        catch (HttpRequestException e)
        {
            return "unreachable: " + e.Message;
        }
    }

    /// <summary>Registers a user through <paramref name="node"/>; its client talks to that node.</summary>
    public async Task<NodeUser> RegisterAsync(ChatServerProcess node, string prefix)
    {
        using var anonymous = ClientOf(node);
        var username = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { username, password = ApiTestExtensions.Password });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        return new NodeUser(body.GetProperty("user").GetProperty("id").GetGuid(), username, body.GetProperty("accessToken").GetString()!);
    }

    public async Task BefriendAsync(NodeUser a, NodeUser b)
    {
        using var ca = ClientOf(Nodes[0], a.AccessToken);
        using var cb = ClientOf(Nodes[^1], b.AccessToken);
        var request = await ca.PostAsJsonAsync("/api/v1/friends/requests", new { userId = b.Id });
        request.StatusCode.Should().Be(HttpStatusCode.Created, await request.Content.ReadAsStringAsync());
        var id = (await request.ReadJsonAsync()).GetProperty("id").GetGuid();
        var accepted = await cb.PostAsync(new Uri($"/api/v1/friends/requests/{id}/accept", UriKind.Relative), null);
        accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
    }

    public async Task<Guid> StartGroupAsync(NodeUser owner, params NodeUser[] members)
    {
        using var client = ClientOf(Nodes[0], owner.AccessToken);
        var response = await client.PostAsJsonAsync("/api/v1/conversations/group", new { title = "cluster", memberIds = members.Select(m => m.Id) });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A socket ticket bought from <paramref name="node"/>.</summary>
    public static async Task<string> TicketAsync(ChatServerProcess node, NodeUser user)
    {
        using var client = ClientOf(node, user.AccessToken);
        var response = await client.PostAsync(new Uri("/api/v1/realtime/ticket", UriKind.Relative), null);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("ticket").GetString()!;
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails with <paramref name="what"/> after <paramref name="patience"/> (60 s by default).</summary>
    public async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain: {what}. Nodes: {string.Join(" | ", await Task.WhenAll(Nodes.Select(ReadinessAsync)))}");
            }

            await Task.Delay(100);
        }
    }

    public Task WaitAsync(Func<bool> condition, string what, TimeSpan? patience = null) => WaitAsync(() => Task.FromResult(condition()), what, patience);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Redis.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_settings["Chat:DataDirectory"]!, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up by the OS.
        }
    }
}

/// <summary>A registered user of a cluster.</summary>
public sealed record NodeUser(Guid Id, string Username, string AccessToken);

/// <summary>A WebSocket to one node that records every frame it receives (thread-safe snapshots).</summary>
public sealed class NodeSocket : IAsyncDisposable
{
    private readonly System.Net.WebSockets.ClientWebSocket _socket = new();
    private readonly List<JsonElement> _frames = [];
    private Task? _reading;

    public System.Net.WebSockets.WebSocketCloseStatus? CloseStatus { get; private set; }

    public bool Closed { get; private set; }

    /// <summary>Raised on the reading thread for each frame.</summary>
    public Action<JsonElement>? OnFrame { get; init; }

    public static async Task<NodeSocket> OpenAsync(ChatServerProcess node, string ticket, Action<JsonElement>? onFrame = null)
    {
        var socket = new NodeSocket { OnFrame = onFrame };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.Port}/ws?ticket={Uri.EscapeDataString(ticket)}"), timeout.Token);
        socket._reading = Task.Run(socket.ReadAsync);
        return socket;
    }

    public IReadOnlyList<JsonElement> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    public IReadOnlyList<JsonElement> OfType(string type) => Frames.Where(f => f.GetProperty("type").GetString() == type).ToList();

    private async Task ReadAsync()
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var count = 0;
                System.Net.WebSockets.ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    CloseStatus = _socket.CloseStatus;
                    break;
                }

                var frame = JsonDocument.Parse(buffer.AsMemory(0, count)).RootElement.Clone();
                lock (_frames)
                {
                    _frames.Add(frame);
                }

                OnFrame?.Invoke(frame);
            }
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            // Dropped (a killed node).
        }

        Closed = true;
    }

    public Task SendAsync(object frame) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task CloseAsync()
    {
        if (_socket.State == System.Net.WebSockets.WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }

        if (_reading is not null)
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
    }
}

/// <summary>The scale-out classes run one after another: each starts several server processes.</summary>
[Xunit.CollectionDefinition(Name)]
public sealed class ScaleOutCollection
{
    public const string Name = "ScaleOut";
}

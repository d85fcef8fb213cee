using System.Net.WebSockets;
using System.Text.Json;
using Chat.Api.Realtime;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Realtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Chat.Api.Tests.Realtime;

/// <summary>
/// Issue 10 §5, flood control, over a real Kestrel socket at about 1,000 frames a second: refused frames with a <c>ref</c>
/// are all answered, those without one only once per window, and a sustained flood closes the socket with 1008 (before
/// the outbound queue could overflow into 1013).
/// </summary>
public sealed class FloodControlTests
{
    private const int FramesPerBurst = 10;

    [Fact]
    public async Task At_a_thousand_frames_a_second_every_refused_frame_with_a_ref_is_answered_and_those_without_once()
    {
        await using var server = await StartAsync(maxRefused: 5000);
        await using var socket = await server.OpenAsync();

        const int frames = 1000;
        var sentRefs = new List<string>();
        await SendAtAboutAThousandPerSecondAsync(socket, frames, i =>
        {
            if (i % 2 == 1)
            {
                return new { type = "ping" };
            }

            var reference = "r" + i;
            sentRefs.Add(reference);
            return new { type = "ping", @ref = reference };
        });
        await socket.SendAsync(new { type = "ping", @ref = "end" });

        var answers = await ReadUntilRefAsync(socket, "end");
        var answeredRefs = answers.Where(f => f.TryGetProperty("ref", out _)).Select(f => f.GetProperty("ref").GetString()!).ToList();
        answeredRefs.Should().BeEquivalentTo(sentRefs, "every frame with a ref gets exactly one answer, accepted or refused");
        answers.Count(f => Type(f) == "error" && f.GetProperty("code").GetString() == "rate_limited" && !f.TryGetProperty("ref", out _))
            .Should().Be(1, "refused frames without a ref are answered once per window, then dropped");
        answers.Count(f => Type(f) == "error" && f.TryGetProperty("ref", out _)).Should().BeGreaterThan(400);
        socket.Socket.State.Should().Be(WebSocketState.Open);
    }

    [Fact]
    public async Task Sustained_flooding_closes_the_socket_with_1008_under_the_default_threshold()
    {
        await using var server = await StartAsync(maxRefused: null);
        await using var socket = await server.OpenAsync();
        var defaults = new RealtimeOptions();

        // Up to 10 s at ~1,000 frames a second; the close comes after about 200 refused frames.
        var sending = SendAtAboutAThousandPerSecondAsync(socket, 10_000, i => new { type = "ping", @ref = "f" + i }, stopWhenClosed: true);
        var status = await socket.WaitForCloseAsync();
        await sending;

        status.Should().Be(WebSocketCloseStatus.PolicyViolation);
        var received = new List<JsonElement>();
        try
        {
            while (true)
            {
                received.Add(await socket.NextAsync());
            }
        }
        catch (InvalidOperationException)
        {
            // Every frame that arrived before the close has been read.
        }

        received.Count(f => Type(f) == "error" && f.GetProperty("code").GetString() == "rate_limited")
            .Should().BeLessThanOrEqualTo(defaults.FloodMaxRefusedFrames).And.BeGreaterThan(0);
        defaults.FloodMaxRefusedFrames.Should().BeLessThan(defaults.OutboundQueueCapacity);
    }

    [Fact]
    public void The_window_restarts_after_its_length_and_the_count_with_it()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var guard = new FloodGuard(new RealtimeOptions { FloodWindowSeconds = 10, FloodMaxRefusedFrames = 3 }, clock);

        guard.Refused(hasRef: false).Should().Be(FloodGuard.Verdict.Answer);
        guard.Refused(hasRef: false).Should().Be(FloodGuard.Verdict.Drop);
        guard.Refused(hasRef: true).Should().Be(FloodGuard.Verdict.Answer);
        guard.Refused(hasRef: true).Should().Be(FloodGuard.Verdict.Close);

        clock.Advance(TimeSpan.FromSeconds(10));
        guard.Refused(hasRef: false).Should().Be(FloodGuard.Verdict.Answer);
        guard.Refused(hasRef: true).Should().Be(FloodGuard.Verdict.Answer);
        guard.Refused(hasRef: false).Should().Be(FloodGuard.Verdict.Drop);
        clock.Advance(TimeSpan.FromSeconds(9));
        guard.Refused(hasRef: false).Should().Be(FloodGuard.Verdict.Close);
    }

    private static string? Type(JsonElement frame) => frame.GetProperty("type").GetString();

    // Bursts of ten frames every ~10 ms: about a thousand a second, bounded by the frame count.
    private static async Task SendAtAboutAThousandPerSecondAsync(TestSocket socket, int count, Func<int, object> frame, bool stopWhenClosed = false)
    {
        for (var i = 0; i < count; i++)
        {
            if (stopWhenClosed && socket.Socket.State != WebSocketState.Open)
            {
                return;
            }

            try
            {
                await socket.SendAsync(frame(i));
            }
            catch (Exception ex) when (stopWhenClosed && ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (i % FramesPerBurst == FramesPerBurst - 1)
            {
                await Task.Delay(10);
            }
        }
    }

    private static async Task<List<JsonElement>> ReadUntilRefAsync(TestSocket socket, string reference)
    {
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await socket.NextAsync();
            if (frame.TryGetProperty("ref", out var r) && r.GetString() == reference)
            {
                return frames;
            }

            frames.Add(frame);
        }
    }

    private static async Task<FloodServer> StartAsync(int? maxRefused)
    {
        var settings = new Dictionary<string, string?>
        {
            // Five commands a minute: almost every frame of the flood is refused.
            ["Chat:RateLimits:Socket:PermitLimit"] = "5",
            ["Chat:RateLimits:Socket:WindowSeconds"] = "60",
            ["Chat:Realtime:FloodWindowSeconds"] = "60",
        };
        if (maxRefused is { } max)
        {
            settings["Chat:Realtime:FloodMaxRefusedFrames"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var factory = await ChatApiFactory.CreateAsync(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FloodServer(factory, new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal)));
    }

    private sealed record FloodServer(ChatApiFactory Factory, Uri Address) : IAsyncDisposable
    {
        public async Task<TestSocket> OpenAsync()
        {
            var user = await Factory.RegisterUserAsync("flood");
            var client = new ClientWebSocket();
            client.Options.KeepAliveInterval = TimeSpan.Zero;
            using var timeout = new CancellationTokenSource(TestSocket.Patience);
            await client.ConnectAsync(new Uri(Address, "/ws?token=" + user.AccessToken), timeout.Token);
            var socket = TestSocket.Over(client);
            await socket.ReadGreetingAsync();
            return socket;
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Chat.Bench;

/// <summary>
/// Upload and download throughput of one file size against a real server process (the built Chat.Api), with the
/// server's resident memory sampled from /proc during each phase: first with 1 MiB files, then with the requested size,
/// so a peak that grows with the file size would show.
/// </summary>
internal static class FileBench
{
    private const int MiB = 1024 * 1024;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var api = options.Get("api", Path.Combine("src", "Chat.Api", "bin", "Release", "net10.0", "Chat.Api.dll"));
        var mib = options.GetInt("mib", 20);
        var rounds = options.GetInt("rounds", 5);
        var directory = Path.Combine(Path.GetTempPath(), "chat-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePort();
        var server = Process.Start(new ProcessStartInfo("dotnet", [api, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Chat__DataDirectory"] = directory,
                ["Chat__Jwt__SigningKey"] = "bench-signing-key-that-is-long-enough-for-hs256-0123456789",
                ["Chat__Attachments__MaxBytes"] = ((long)(mib + 1) * MiB).ToString(CultureInfo.InvariantCulture),
                ["Chat__Attachments__QuotaBytes"] = ((long)mib * MiB * rounds * 4).ToString(CultureInfo.InvariantCulture),
                ["Chat__RateLimits__UploadAttachment__PermitLimit"] = "0",
                ["Chat__RateLimits__Register__PermitLimit"] = "0",
                ["Chat__Logging__MinimumLevel"] = "Warning",
            },
        })!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            await WaitUntilLiveAsync(client);
            var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { username = "bench", password = "bench-password-42-long" });
            register.EnsureSuccessStatusCode();
            var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            foreach (var size in new[] { 1, mib })
            {
                using var sampler = new MemorySampler(server.Id);
                var (upload, download) = await TransferAsync(client, size, rounds);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{size} MiB file × {rounds}: upload {upload:0.0} MiB/s, download {download:0.0} MiB/s, server peak RSS during the phase {sampler.PeakMiB:0} MiB (at start {sampler.StartMiB:0} MiB)"));
            }

            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double Upload, double Download)> TransferAsync(HttpClient client, int mib, int rounds)
    {
        var uploadSeconds = 0.0;
        var downloadSeconds = 0.0;
        var buffer = new byte[64 * 1024];
        for (var round = 0; round < rounds; round++)
        {
            // A PDF header then random bytes: judged by its magic number, distinct each round (no dedupe shortcut).
            var bytes = new byte[mib * MiB];
            Random.Shared.NextBytes(bytes);
            "%PDF-1.7\n"u8.CopyTo(bytes);
            var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", $"bench{round}.pdf" } };

            var started = Stopwatch.GetTimestamp();
            var response = await client.PostAsync("/api/v1/attachments", form);
            uploadSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();
            started = Stopwatch.GetTimestamp();
            using (var download = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
            await using (var stream = await download.Content.ReadAsStreamAsync())
            {
                while (await stream.ReadAsync(buffer) > 0)
                {
                }
            }

            downloadSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        return (mib * rounds / uploadSeconds, mib * rounds / downloadSeconds);
    }

    private static async Task WaitUntilLiveAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The server did not come up within 2 minutes.");
            }

            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Samples the server's VmRSS every 20 ms until disposed.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly int _pid;
        private long _peakKb;

        public MemorySampler(int pid)
        {
            _pid = pid;
            StartMiB = ReadKb() / 1024.0;
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    _peakKb = Math.Max(_peakKb, ReadKb());
                    await Task.Delay(20);
                }
            });
        }

        public double StartMiB { get; }

        public double PeakMiB => _peakKb / 1024.0;

        public void Dispose()
        {
            _stop.Cancel();
            _loop.Wait();
            _stop.Dispose();
        }

        private long ReadKb()
        {
            var line = File.ReadLines($"/proc/{_pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
    }
}

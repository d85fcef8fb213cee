using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Chat.Api.Tests.ReverseProxy;

/// <summary>
/// A real nginx in front of the server, as docs/operations.md configures it: its own nginx.conf, pid file, logs and
/// temp paths in a temporary folder, listening on a free loopback port, run as a child process and stopped on dispose.
/// </summary>
public sealed class NginxProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private NginxProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public static string? Executable =>
        new[] { "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx" }.FirstOrDefault(File.Exists);

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string ErrorLog => File.Exists(Path.Combine(_folder, "error.log")) ? File.ReadAllText(Path.Combine(_folder, "error.log")) : string.Empty;

    /// <summary>Starts nginx proxying every path (the socket included) to <paramref name="upstream"/>; waits until it accepts connections.</summary>
    public static async Task<NginxProcess> StartAsync(Uri upstream)
    {
        var executable = Executable ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx).");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The nginx tests run on Linux (Debian's nginx package).");
        }

        var folder = Directory.CreateTempSubdirectory("chat-nginx-").FullName;
        // As root, nginx's workers run as nobody: they must be able to enter the folder and write their temp files.
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            var path = Directory.CreateDirectory(Path.Combine(folder, temp)).FullName;
            File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        }

        var port = FreePort();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Configuration(folder, port, upstream));

        var process = Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList = { "-p", folder, "-c", config, "-e", Path.Combine(folder, "error.log") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var nginx = new NginxProcess(process, folder, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var stderr = process.HasExited ? await process.StandardError.ReadToEndAsync() : string.Empty;
                var log = nginx.ErrorLog;
                await nginx.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start on port {port}: {stderr} {log}");
            }

            await Task.Delay(100);
        }

        return nginx;
    }

    // The configuration docs/operations.md recommends, minus TLS (a test certificate would add nothing here).
    private static string Configuration(string folder, int port, Uri upstream) => $$"""
        daemon off;
        worker_processes 1;
        pid {{folder}}/nginx.pid;
        error_log {{folder}}/error.log warn;
        events { worker_connections 256; }
        http {
            access_log {{folder}}/access.log;
            client_body_temp_path {{folder}}/client_body;
            proxy_temp_path {{folder}}/proxy;
            fastcgi_temp_path {{folder}}/fastcgi;
            uwsgi_temp_path {{folder}}/uwsgi;
            scgi_temp_path {{folder}}/scgi;

            map $http_upgrade $connection_upgrade {
                default upgrade;
                ''      close;
            }

            server {
                listen 127.0.0.1:{{port}};
                client_max_body_size 30m;

                location / {
                    proxy_pass {{upstream.GetLeftPart(UriPartial.Authority)}};
                    proxy_http_version 1.1;
                    proxy_set_header Host $host;
                    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    proxy_set_header X-Forwarded-Proto $scheme;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_read_timeout 120s;
                    proxy_send_timeout 120s;
                }
            }
        }
        """;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // TERM is nginx's fast shutdown: the master stops its workers and exits.
            using (var stop = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
            {
                await stop!.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

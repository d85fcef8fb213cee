using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Chat.TestSupport;

namespace Chat.Api.Tests.ScaleOut;

/// <summary>
/// A throwaway PostgreSQL cluster of one test's own (<c>initdb</c> into a temp folder, a random loopback port), so the
/// test may stop and start it — never the shared server of <c>CHAT_TEST_POSTGRES</c>. Debian's binaries under
/// <c>/usr/lib/postgresql/*/bin</c> (.ci/run installs the package); as root they run as the <c>postgres</c> user, since
/// initdb and postgres refuse to run as root (as .ci/run does).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;

    private PostgresServer(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of the cluster's <c>postgres</c> database (user <c>chat</c>, trust on loopback).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=chat;Database=postgres;Timeout=5;Maximum Pool Size=100";

    /// <summary>The newest installed PostgreSQL's bin folder (with initdb and pg_ctl), or null.</summary>
    public static string? BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    /// <summary>The skip reason for a test that runs its own PostgreSQL, or null to run it (always under CI=true, so a missing package fails).</summary>
    public static string? SkipReason =>
        BinDirectory is null && !TestEnvironment.IsCi
            ? "this test runs its own PostgreSQL cluster (initdb, pg_ctl under /usr/lib/postgresql/*/bin; apt-get install postgresql — .ci/run does it); it is not installed here."
            : null;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = BinDirectory ?? throw new InvalidOperationException("PostgreSQL's initdb/pg_ctl are not installed (apt-get install postgresql; .ci/run does it).");
        var directory = Directory.CreateTempSubdirectory("chat-pg-").FullName;
        var server = new PostgresServer(bin, directory, FreePort());
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", ["postgres:postgres", directory]);
            }

            await server.PgAsync("initdb", ["-D", server.DataDirectory, "-A", "trust", "-U", "chat", "--no-sync"]);
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Starts the cluster (again) on its port and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => PgAsync("pg_ctl", [
        "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start",
        "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"]);

    /// <summary><c>pg_ctl stop -m fast</c>: open sessions are ended (SQLSTATE 57P01), new connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up by the OS.
        }
    }

    private Task PgAsync(string tool, IReadOnlyList<string> args)
    {
        var executable = Path.Combine(_bin, tool);
        if (Environment.UserName != "root")
        {
            return RunAsync(executable, args);
        }

        var command = string.Join(' ', new[] { executable }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return RunAsync("su", ["postgres", "-s", "/bin/sh", "-c", command]);
    }

    private static async Task RunAsync(string executable, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(executable)} {string.Join(' ', args)} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

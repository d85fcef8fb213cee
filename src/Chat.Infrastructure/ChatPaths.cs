using Chat.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure;

/// <summary>The data directory (<c>Chat:DataDirectory</c>, default <c>./data</c>): SQLite file, generated signing key, uploads.</summary>
public static class ChatPaths
{
    /// <summary>The full path of the data directory, created if missing. A path that cannot be a directory is a <see cref="StartupFailure"/> (<see cref="ExitCode.DataDirectory"/>).</summary>
    public static string DataDirectory(IConfiguration configuration)
    {
        var directory = Path.GetFullPath(configuration["Chat:DataDirectory"] ?? "data");
        if (File.Exists(directory))
        {
            throw new StartupFailure(ExitCode.DataDirectory, $"the data directory {directory} is a file, not a directory (Chat:DataDirectory)");
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupFailure(ExitCode.DataDirectory, $"the data directory {directory} cannot be created: {ex.Message} (Chat:DataDirectory)", ex);
        }

        return directory;
    }

    /// <summary>
    /// Start-up check that the data directory takes writes: a probe file is written, flushed and deleted through
    /// <paramref name="storage"/> (the real file system unless a test passes a seam; a read-only file system cannot be
    /// made for a root process with chmod). Failure is a <see cref="StartupFailure"/> with <see cref="ExitCode.DataDirectory"/>.
    /// </summary>
    public static string EnsureWritable(IConfiguration configuration, IDataDirectoryStorage? storage = null)
    {
        var directory = DataDirectory(configuration);
        var probe = Path.Combine(directory, $".write-probe-{Environment.ProcessId}");
        try
        {
            (storage ?? DataDirectoryStorage.Real).WriteAndDelete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupFailure(ExitCode.DataDirectory, $"the data directory {directory} is not writable: {ex.Message.ReplaceLineEndings(" ")} (Chat:DataDirectory)", ex);
        }

        return directory;
    }
}

/// <summary>The seam through which the start-up check writes to the data directory.</summary>
public interface IDataDirectoryStorage
{
    /// <summary>Writes a small file at <paramref name="path"/>, flushes it to disk and deletes it; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot.</summary>
    void WriteAndDelete(string path);
}

internal sealed class DataDirectoryStorage : IDataDirectoryStorage
{
    public static readonly DataDirectoryStorage Real = new();

    public void WriteAndDelete(string path)
    {
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write("probe"u8);
            stream.Flush(flushToDisk: true);
        }

        File.Delete(path);
    }
}

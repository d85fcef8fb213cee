using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Files;

/// <summary>
/// <see cref="IExportFileStore"/> on the local disk: <c>{data}/exports/{id}.export</c> (the id in hex, no other name
/// part), created with mode 0600 on Unix so only the server's user can read it. The direct export writes its temporary
/// <c>*.zip</c> files in the same folder; those are the "stray" files a crash can leave.
/// </summary>
public sealed class ExportFileStore : IExportFileStore
{
    private const string Extension = ".export";
    private const int BufferSize = 81920;
    private readonly string _directory;

    public ExportFileStore(string dataDirectory)
    {
        _directory = Path.Combine(dataDirectory, "exports");
        Directory.CreateDirectory(_directory);
    }

    public Stream Create(Guid exportId)
    {
        var path = PathOf(exportId);
        File.Delete(path); // A partial archive of an earlier attempt; CreateNew then applies the mode to a fresh file.
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = BufferSize,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    public Stream? OpenRead(Guid exportId)
    {
        try
        {
            // FileShare.Delete: the clean-up or an account deletion may remove it while it is being sent.
            return new FileStream(PathOf(exportId), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Delete(Guid exportId) => File.Delete(PathOf(exportId));

    public IReadOnlyList<(Guid ExportId, DateTime WrittenAt)> List() =>
        new DirectoryInfo(_directory).EnumerateFiles("*" + Extension)
            .Select(f => (Ok: Guid.TryParseExact(Path.GetFileNameWithoutExtension(f.Name), "N", out var id), Id: id, f.LastWriteTimeUtc))
            .Where(f => f.Ok)
            .Select(f => (f.Id, f.LastWriteTimeUtc))
            .ToList();

    public int RemoveStrayFiles(DateTime cutoff)
    {
        var removed = 0;
        foreach (var file in new DirectoryInfo(_directory).EnumerateFiles("*.zip").Where(f => f.LastWriteTimeUtc < cutoff))
        {
            try
            {
                file.Delete();
                removed++;
            }
            catch (IOException)
            {
                // Still being sent by a request; the next pass looks again.
            }
        }

        return removed;
    }

    private string PathOf(Guid exportId) => Path.Combine(_directory, exportId.ToString("N") + Extension);
}

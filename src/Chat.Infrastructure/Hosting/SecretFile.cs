using System.Text;

namespace Chat.Infrastructure.Hosting;

/// <summary>
/// Key files the server makes for itself in its data directory (the JWT signing key, the encryption master key):
/// written whole or not at all, readable by the server's user only.
/// </summary>
internal static class SecretFile
{
    /// <summary>
    /// Writes <paramref name="secret"/> as base64 text to <paramref name="path"/>: through a temporary file created with
    /// mode 0600 (so the secret is never readable by others, not even for a moment), then moved into place. A failure
    /// stops the start (exit code <see cref="ExitCode.DataDirectory"/>) naming <paramref name="what"/> and the path,
    /// never the secret.
    /// </summary>
    public static void Write(string path, byte[] secret, string what)
    {
        var temporary = path + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(secret)));
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                // UnixCreateMode applies only when the file is new: a temporary file left by a crash keeps its mode otherwise.
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupFailure(ExitCode.DataDirectory, $"{what} {path} cannot be written: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Where attachment bytes live, addressed by their SHA-256 (lower-case hex). An upload is first <em>staged</em> (written
/// aside while it is hashed and counted), then either committed under its hash or discarded. Committing bytes that are
/// already stored stores nothing new. The default implementation keeps files under the data directory; an object store
/// can replace it.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Lets <paramref name="write"/> fill a staging file through a stream that hashes and counts as it goes, so nothing
    /// is held in memory. The write fails with <see cref="Exceptions.PayloadTooLargeException"/> as soon as it passes
    /// <paramref name="maxBytes"/> bytes; then, or when <paramref name="write"/> throws, the partial file is removed.
    /// </summary>
    Task<StagedFile> StageAsync(Func<Stream, CancellationToken, Task> write, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Reads a staged file from its start (to judge its type, or to rewrite it).</summary>
    Stream OpenStaged(StagedFile file);

    /// <summary>Moves a staged file to its content address, unless those bytes are there already (then the staged copy goes).</summary>
    Task CommitAsync(StagedFile file, CancellationToken cancellationToken);

    /// <summary>Removes a staged file that will not be committed; nothing happens when it is gone already.</summary>
    void Discard(StagedFile file);

    /// <summary>The stored bytes of <paramref name="sha256"/> (seekable), or null when none are stored.</summary>
    Stream? OpenRead(string sha256);

    /// <summary>Whether bytes are stored under <paramref name="sha256"/>.</summary>
    bool Exists(string sha256);

    /// <summary>Removes the stored bytes of <paramref name="sha256"/>; nothing happens when they are gone already.</summary>
    void Delete(string sha256);
}

/// <summary>A staged upload: its staging handle, the SHA-256 (lower-case hex) and length in bytes of its content.</summary>
public sealed record StagedFile(string Handle, string Sha256, long Size);

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Where background exports' archives live: one file per export, named by its id only (never by anything a client
/// sent). The default implementation keeps them under <c>{DataDirectory}/exports/</c>, readable and writable by the
/// server's own user alone (mode 0600).
/// </summary>
public interface IExportFileStore
{
    /// <summary>A new, empty archive file for <paramref name="exportId"/> (replacing a partial one left by an earlier attempt).</summary>
    Stream Create(Guid exportId);

    /// <summary>The archive of <paramref name="exportId"/> for reading, or null when it is not there.</summary>
    Stream? OpenRead(Guid exportId);

    /// <summary>Removes the archive of <paramref name="exportId"/>; nothing happens when it is gone already.</summary>
    void Delete(Guid exportId);

    /// <summary>The ids of every export archive on disk, with when each was last written (UTC).</summary>
    IReadOnlyList<(Guid ExportId, DateTime WrittenAt)> List();

    /// <summary>Removes other files in the exports folder (temporary files of direct exports a crash left behind) last written before <paramref name="cutoff"/>; returns how many.</summary>
    int RemoveStrayFiles(DateTime cutoff);
}

/// <summary>Wakes the background export worker of this node when a job is queued (other nodes find it when they poll).</summary>
public interface IAccountExportQueue
{
    void Notify();
}

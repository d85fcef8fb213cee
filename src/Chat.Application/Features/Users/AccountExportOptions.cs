namespace Chat.Application.Features.Users;

/// <summary>
/// <c>Chat:Exports</c> (docs/operations.md "Exports"): when <c>GET /users/me/export</c> answers the archive directly and
/// when it queues a background export, and how long the download link of a background export lives.
/// </summary>
public sealed class AccountExportOptions
{
    public const string Section = "Chat:Exports";

    /// <summary>An account with at most this many own messages gets its archive directly (200); more → a background export (202). Default 5,000.</summary>
    public int DirectMaxMessages { get; set; } = 5000;

    /// <summary>How long a ready archive can be downloaded, counted from when it was finished. Default 24 hours.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a worker's claim on a running export lasts without renewal; a lease past its time means the worker is gone and the job is taken up again. Default 5 minutes (renewed every third of it).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts before an export whose worker keeps dying is marked failed. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often each node looks for queued exports of other nodes and runs the clean-up. Default 30 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long failed and expired exports stay listed (as such) before their rows are deleted. Default 7 days.</summary>
    public TimeSpan KeepFinished { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rows (and files) the clean-up handles per pass and kind.</summary>
    public int CleanupBatchSize { get; set; } = 100;
}

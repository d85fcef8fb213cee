namespace Chat.Domain.Users;

/// <summary>Where a background export stands (rest.md "Exporting one's data").</summary>
public enum AccountExportStatus
{
    /// <summary>Waiting for a worker.</summary>
    Pending,

    /// <summary>A worker is writing the archive (it holds the lease until <see cref="AccountExport.LeaseUntil"/>).</summary>
    Running,

    /// <summary>The archive is written and may be downloaded until <see cref="AccountExport.ExpiresAt"/>.</summary>
    Ready,

    /// <summary>Writing failed (for good, after <see cref="AccountExport.Attempts"/> tries); nothing to download.</summary>
    Failed,

    /// <summary>The link's lifetime is over: the archive is deleted.</summary>
    Expired,
}

/// <summary>
/// One export of a user's data produced in the background (issue 18: "produced in the background for large accounts
/// with a link that only the user can fetch for a limited time"). The row is the job: workers claim a
/// <see cref="AccountExportStatus.Pending"/> one by moving it to <see cref="AccountExportStatus.Running"/> with a lease;
/// a worker that dies leaves a lease that runs out, and the job is taken up again (or failed after
/// <c>Chat:Exports:MaxAttempts</c>), so nothing stays running forever. The transitions are conditional updates
/// (several nodes may race for one row); this class holds the rules they apply. Not an <c>Entity</c>: it raises no events.
/// </summary>
public sealed class AccountExport
{
    /// <summary>Longest stored failure description.</summary>
    public const int FailureMaxLength = 200;

    /// <summary>Longest status name as stored.</summary>
    public const int StatusMaxLength = 16;

    private AccountExport()
    {
    }

    /// <summary>UUID v7.</summary>
    public Guid Id { get; private set; }

    /// <summary>The owner: the only one who may see or download it.</summary>
    public Guid UserId { get; private set; }

    public AccountExportStatus Status { get; private set; }

    /// <summary>UTC, when it was asked for.</summary>
    public DateTime CreatedAt { get; private set; }

    /// <summary>UTC, when the last attempt began.</summary>
    public DateTime? StartedAt { get; private set; }

    /// <summary>UTC; while running, the worker renews it, and a lease past its time means the worker is gone.</summary>
    public DateTime? LeaseUntil { get; private set; }

    /// <summary>How many times a worker has started writing it.</summary>
    public int Attempts { get; private set; }

    /// <summary>UTC, when it became ready or failed.</summary>
    public DateTime? CompletedAt { get; private set; }

    /// <summary>UTC, when a ready archive stops being downloadable (completion + <c>Chat:Exports:LinkLifetime</c>).</summary>
    public DateTime? ExpiresAt { get; private set; }

    /// <summary>Bytes of the archive, once ready.</summary>
    public long? Size { get; private set; }

    /// <summary>Why it failed (an operator's hint, never message content), at most <see cref="FailureMaxLength"/> characters.</summary>
    public string? Failure { get; private set; }

    /// <summary>A new pending export for <paramref name="userId"/>.</summary>
    public static AccountExport Request(Guid userId, DateTime now) =>
        new() { Id = Common.Ids.New(), UserId = userId, Status = AccountExportStatus.Pending, CreatedAt = now };

    /// <summary>The status a client sees at <paramref name="now"/>: a ready export past its expiry is expired even before the clean-up gets to it.</summary>
    public AccountExportStatus StatusAt(DateTime now) =>
        Status == AccountExportStatus.Ready && ExpiresAt <= now ? AccountExportStatus.Expired : Status;

    /// <summary>Whether the job still counts as the user's one export in progress.</summary>
    public bool InProgress => Status is AccountExportStatus.Pending or AccountExportStatus.Running;

    /// <summary><paramref name="failure"/> cut to <see cref="FailureMaxLength"/>.</summary>
    public static string FailureText(string failure) => failure.Length > FailureMaxLength ? failure[..FailureMaxLength] : failure;
}

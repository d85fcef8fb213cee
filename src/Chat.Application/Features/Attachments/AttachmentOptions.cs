namespace Chat.Application.Features.Attachments;

/// <summary>Attachment settings (<c>Chat:Attachments</c>).</summary>
public sealed record AttachmentOptions
{
    public const string Section = "Chat:Attachments";

    /// <summary>Largest file in bytes (default 25 MiB). A request whose Content-Length exceeds it by more than 64 KiB is refused unread.</summary>
    public long MaxBytes { get; init; } = 25 * 1024 * 1024;

    /// <summary>Bytes of attachments one user may keep (default 1 GiB); beyond it uploads answer 413 <c>storage_quota_exceeded</c>.</summary>
    public long QuotaBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>How long an upload may wait to be sent before the clean-up job removes it (default 24 h).</summary>
    public TimeSpan UnsentLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Time between clean-up runs (default 10 minutes); zero or less turns the job off.</summary>
    public TimeSpan CleanupInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Room for multipart boundaries and part headers on top of <see cref="MaxBytes"/> (issue 12: 64 KiB).</summary>
    public const long EnvelopeBytes = 64 * 1024;
}

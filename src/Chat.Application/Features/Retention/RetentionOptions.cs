namespace Chat.Application.Features.Retention;

/// <summary>
/// <c>Chat:Retention</c> (docs/operations.md "Retention"): messages older than <see cref="MessageDays"/> days are
/// deleted for good by a background job, in batches. Off by default.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Chat:Retention";

    /// <summary>Days a message is kept, counted from when it was sent; 0 (the default) keeps messages forever.</summary>
    public int MessageDays { get; set; }

    /// <summary>Messages deleted per transaction; small batches keep each write lock short.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Pause between two batches (milliseconds), so senders get the database in between.</summary>
    public int BatchPauseMilliseconds { get; set; } = 50;

    /// <summary>Seconds between two sweeps (the first runs at start-up).</summary>
    public int IntervalSeconds { get; set; } = 3600;

    public bool Enabled => MessageDays > 0;
}

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// <c>Chat:Sending</c>: the send writer's bounds (docs/databases.md "Group commit"). Sends wait in bounded queues (one per
/// writer loop, <see cref="QueueCapacity"/> in all per node); when one is full a send is refused with 429 <c>rate_limited</c> (<see cref="RetryAfterSeconds"/>) instead of
/// holding more memory.
/// </summary>
public sealed class SendingOptions
{
    public const string Section = "Chat:Sending";

    /// <summary>
    /// Sends waiting for the writer at most (default 4,096). Each holds its content (≤ 4,000 code points), so the queue
    /// holds at most a few tens of MB.
    /// </summary>
    public int QueueCapacity { get; set; } = 4096;

    /// <summary>Sends committed in one transaction at most (default 256).</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// Writer loops (each with its own transaction and database connection; a conversation's sends always go to the
    /// same one). Unset: <see cref="DefaultWriters"/> on PostgreSQL, where batches of different conversations commit in
    /// parallel, and 1 on SQLite (one writer at a time by design, and one connection keeps its page cache warm) and
    /// SQL Server (not measured).
    /// </summary>
    public int? Writers { get; set; }

    /// <summary>Writer loops on PostgreSQL unless <see cref="Writers"/> is set.</summary>
    public const int DefaultWriters = 2;

    /// <summary>Seconds a refused sender is told to wait (<c>Retry-After</c>): 1.</summary>
    public const int RetryAfterSeconds = 1;
}

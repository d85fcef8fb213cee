namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// <c>Chat:Sending</c>: the send writer's bounds (docs/databases.md "Group commit"). Sends wait in one bounded queue per
/// node; when it is full a send is refused with 429 <c>rate_limited</c> (<see cref="RetryAfterSeconds"/>) instead of
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

    /// <summary>Seconds a refused sender is told to wait (<c>Retry-After</c>): 1.</summary>
    public const int RetryAfterSeconds = 1;
}

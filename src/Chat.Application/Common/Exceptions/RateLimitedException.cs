namespace Chat.Application.Common.Exceptions;

/// <summary>Too many requests; the caller may retry after <see cref="RetryAfterSeconds"/>.</summary>
public sealed class RateLimitedException(int retryAfterSeconds)
    : ChatApplicationException("rate_limited", $"Too many requests. Retry after {retryAfterSeconds} seconds.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}

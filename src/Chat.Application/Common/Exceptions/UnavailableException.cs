namespace Chat.Application.Common.Exceptions;

/// <summary>
/// "Try again shortly": the one retryable failure (503 <c>unavailable</c> with <c>Retry-After</c> over REST, <c>error</c>
/// <c>unavailable</c> with <c>retryAfterSeconds</c> on the socket), e.g. a node that is draining.
/// </summary>
public sealed class UnavailableException(string message, int retryAfterSeconds)
    : ChatApplicationException("unavailable", message)
{
    public int RetryAfterSeconds { get; } = Math.Max(1, retryAfterSeconds);
}

namespace Chat.Application.Common.Interfaces;

/// <summary>Counts failed logins per username and per client address and refuses while either is over its limit.</summary>
public interface ILoginThrottle
{
    /// <summary>Seconds to wait before another attempt, or null when an attempt is allowed.</summary>
    int? RetryAfterSeconds(string normalizedUsername, string? clientAddress);

    void RecordFailure(string normalizedUsername, string? clientAddress);

    void RecordSuccess(string normalizedUsername);
}

namespace Chat.Application.Common.Interfaces;

/// <summary>Counts failed logins per account-and-address pair (growing delays) and per address (a higher hard limit); never per account alone, so an attacker cannot lock the owner out.</summary>
public interface ILoginThrottle
{
    /// <summary>Seconds to wait before another attempt, or null when an attempt is allowed.</summary>
    int? RetryAfterSeconds(string normalizedUsername, string? clientAddress);

    void RecordFailure(string normalizedUsername, string? clientAddress);

    /// <summary>A correct password: the pair's count is cleared.</summary>
    void RecordSuccess(string normalizedUsername, string? clientAddress);
}

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Whether this node's real-time fan-out is falling behind (realtime.md "Overload"). While it is, new messages are
/// refused with 429 / <c>rate_limited</c> and <see cref="RetryAfter"/>, so that healthy readers are not dropped.
/// </summary>
public interface IFanOutPressure
{
    /// <summary>True while events wait too long before reaching sockets, or too many wait to be fanned out.</summary>
    bool IsOverloaded { get; }

    /// <summary>How long a refused sender should wait (at most 2 s).</summary>
    TimeSpan RetryAfter { get; }
}

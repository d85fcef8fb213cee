using Chat.Infrastructure.Realtime;

namespace Chat.Api.Realtime;

/// <summary>
/// One socket's flood control (issue 10 §5, realtime.md "Flood control"). Counts refused frames in fixed windows of
/// <see cref="RealtimeOptions.FloodWindow"/> that start at the first refusal: a refused frame with a <c>ref</c> is always
/// answered (clients match answers by <c>ref</c>); of those without one only the first in a window is answered and the
/// rest are dropped silently; more than <see cref="RealtimeOptions.FloodMaxRefusedFrames"/> in one window close the
/// socket. Used by the socket's one reading loop only, so not thread-safe.
/// </summary>
internal sealed class FloodGuard(RealtimeOptions options, TimeProvider clock)
{
    public enum Verdict
    {
        /// <summary>Send the error frame.</summary>
        Answer,

        /// <summary>Send nothing.</summary>
        Drop,

        /// <summary>Close the socket with 1008.</summary>
        Close,
    }

    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _refused;
    private bool _answeredWithoutRef;

    /// <summary>Counts one refused frame and says what to do with its error answer.</summary>
    public Verdict Refused(bool hasRef)
    {
        var now = clock.GetUtcNow();
        if (now - _windowStart >= options.FloodWindow)
        {
            _windowStart = now;
            _refused = 0;
            _answeredWithoutRef = false;
        }

        if (++_refused > Math.Max(1, options.FloodMaxRefusedFrames))
        {
            return Verdict.Close;
        }

        if (hasRef)
        {
            return Verdict.Answer;
        }

        if (_answeredWithoutRef)
        {
            return Verdict.Drop;
        }

        _answeredWithoutRef = true;
        return Verdict.Answer;
    }
}

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Common.Behaviours;

/// <summary>
/// Refuses new messages (requests of the <c>SendMessage</c> rate-limit policy, REST and socket) with 429 /
/// <c>rate_limited</c> while the node's real-time fan-out is overloaded (<see cref="IFanOutPressure"/>), so senders slow
/// down before healthy readers would have to be dropped. Without a fan-out (no pressure source registered) it does nothing.
/// </summary>
internal sealed class OverloadBehaviour<TRequest, TResponse>(IFanOutPressure? pressure = null) : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly bool IsSend =
        typeof(TRequest).GetInterfaces().Contains(typeof(IRateLimitedRequest))
        && typeof(TRequest).GetProperty(nameof(IRateLimitedRequest.RateLimitPolicy), System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public)?.GetValue(null) is "SendMessage";

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (IsSend && pressure is { IsOverloaded: true })
        {
            throw new RateLimitedException(Math.Clamp((int)Math.Ceiling(pressure.RetryAfter.TotalSeconds), 1, 2));
        }

        return next();
    }
}

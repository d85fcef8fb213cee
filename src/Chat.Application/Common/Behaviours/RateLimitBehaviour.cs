using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Common.Behaviours;

/// <summary>Takes a permit from the request's policy, per caller, before the handler runs.</summary>
internal sealed class RateLimitBehaviour<TRequest, TResponse>(IRequestRateLimiter limiter, ICurrentUser currentUser)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string? Policy = PolicyOf(typeof(TRequest));

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (Policy is not null && currentUser.IsAuthenticated)
        {
            var retryAfter = limiter.TryAcquire(Policy, currentUser.UserId.ToString());
            if (retryAfter is not null)
            {
                throw new RateLimitedException(retryAfter.Value);
            }
        }

        return next();
    }

    private static string? PolicyOf(Type requestType) =>
        requestType.GetInterfaces().Contains(typeof(IRateLimitedRequest))
            ? (string?)requestType.GetProperty(nameof(IRateLimitedRequest.RateLimitPolicy), System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public)?.GetValue(null)
            : null;
}

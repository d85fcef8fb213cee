namespace Chat.Application.Common.Behaviours;

/// <summary>A request that spends a permit of a per-user rate-limit policy, over REST and the socket alike.</summary>
public interface IRateLimitedRequest
{
    static abstract string RateLimitPolicy { get; }
}

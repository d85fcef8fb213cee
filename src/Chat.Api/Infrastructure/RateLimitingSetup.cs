using System.Globalization;
using System.Threading.RateLimiting;
using Chat.Api.Errors;
using Chat.Infrastructure.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Chat.Api.Infrastructure;

/// <summary>
/// ASP.NET Core rate limiting for policies keyed by client address (Register). Policies keyed by user
/// (SendMessage, CreateConversation) run in the MediatR pipeline so the socket shares them; Login counts failures.
/// Refusals are 429 problem documents with Retry-After (the middleware's default is 503).
/// </summary>
internal static class RateLimitingSetup
{
    public static IServiceCollection AddChatRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RateLimitPolicies>((options, policies) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                var http = context.HttpContext;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = ProblemDocuments.Create(new ProblemCodes.Failure(429, "rate_limited", $"Too many requests. Retry after {seconds} seconds.", RetryAfterSeconds: seconds)),
                });
            };
            AddAddressPolicy(options, policies[RateLimitPolicies.Register]);
        });
        return services;
    }

    private static void AddAddressPolicy(RateLimiterOptions options, RateLimitPolicy policy) =>
        options.AddPolicy(policy.Name, http =>
        {
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (!policy.Enabled)
            {
                return RateLimitPartition.GetNoLimiter(address);
            }

            return RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = policy.PermitLimit,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = policy.Window / policy.PermitLimit,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
}

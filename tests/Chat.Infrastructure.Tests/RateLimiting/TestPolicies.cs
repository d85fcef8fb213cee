using Chat.Infrastructure.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure.Tests.RateLimiting;

internal static class TestPolicies
{
    /// <summary>The default policies with one of them set as <c>Chat:RateLimits:&lt;policy&gt;</c> would set it.</summary>
    public static RateLimitPolicies With(string policy, int permitLimit, int windowSeconds) =>
        new(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"Chat:RateLimits:{policy}:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [$"Chat:RateLimits:{policy}:WindowSeconds"] = windowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .Build());
}

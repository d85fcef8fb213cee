using System.Net;
using Chat.Infrastructure.Hosting;
using Microsoft.AspNetCore.HttpOverrides;

namespace Chat.Api.Infrastructure;

/// <summary>
/// <c>Chat:ReverseProxy</c>: the peers whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed
/// (docs/operations.md "Behind a reverse proxy"). With neither list set, no forwarded header is read at all; with
/// them, only requests whose TCP peer is one of <c>KnownProxies</c> (addresses) or inside <c>KnownNetworks</c>
/// (CIDR, e.g. <c>10.0.0.0/8</c>) have their client address and scheme replaced, so a forged header from anyone
/// else is ignored. Everything downstream (login lockout, registration limit, logs, audit) reads
/// <c>HttpContext.Connection.RemoteIpAddress</c> and so sees the real client.
/// </summary>
internal static class ReverseProxySetup
{
    public const string Section = "Chat:ReverseProxy";

    /// <summary>Reads and checks the lists; a malformed entry stops start-up with exit code 10 (Configuration).</summary>
    public static IServiceCollection AddChatReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Entries(configuration, "KnownProxies").Select(ParseProxy).ToList();
        var networks = Entries(configuration, "KnownNetworks").Select(ParseNetwork).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what the operator listed is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
            // One hop: the address the trusted proxy saw. A longer chain needs every hop listed and a higher limit.
            options.ForwardLimit = 1;
        });
        services.AddSingleton(new ReverseProxyTrust(proxies.Count + networks.Count > 0));
        return services;
    }

    /// <summary>First in the pipeline, so every later middleware and handler sees the real client address.</summary>
    public static void UseChatReverseProxy(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<ReverseProxyTrust>().Enabled)
        {
            app.UseForwardedHeaders();
        }
    }

    private static IEnumerable<string> Entries(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection($"{Section}:{key}");
        // An array (KnownProxies:0, :1, …) or one comma-separated string (handy in an environment variable).
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return values.Where(v => !string.IsNullOrWhiteSpace(v))
            .SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static IPAddress ParseProxy(string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : throw new StartupFailure(ExitCode.Configuration, $"{Section}:KnownProxies: '{value}' is not an IP address");

    private static System.Net.IPNetwork ParseNetwork(string value) =>
        System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new StartupFailure(ExitCode.Configuration, $"{Section}:KnownNetworks: '{value}' is not a network in CIDR form (like 10.0.0.0/8)");
}

/// <summary>Whether any proxy is trusted (forwarded headers are read at all).</summary>
internal sealed record ReverseProxyTrust(bool Enabled);

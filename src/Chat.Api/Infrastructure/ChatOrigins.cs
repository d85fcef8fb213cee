using System.Net;
using System.Net.NetworkInformation;
using Chat.Application.Common.Interfaces;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Chat.Api.Infrastructure;

/// <summary>
/// The one place that decides which browser origins are the server's own or trusted, and the public base URL.
/// Read from <c>Chat:PublicUrl</c> and <c>Chat:Cors:AllowedOrigins</c> (<c>Chat:Realtime:AllowedOrigins</c> is an alias;
/// both lists are merged). Each list is an array or a comma-separated string; <c>*</c> allows any origin.
/// </summary>
/// <remarks>
/// With neither key set, the server's own origins are the addresses Kestrel listens on (a wildcard address stands for
/// the loopback names and this machine's interface addresses on that port). The request's <c>Host</c> header is never
/// trusted: anyone can set it (docs/security.md "Origins").
/// </remarks>
public sealed class ChatOrigins : IPublicLinks
{
    public const string PublicUrlKey = "Chat:PublicUrl";
    public const string AllowedOriginsKey = "Chat:Cors:AllowedOrigins";
    public const string RealtimeAllowedOriginsKey = "Chat:Realtime:AllowedOrigins";

    private readonly IServer? _server;
    private readonly HashSet<string> _configured;
    private HashSet<string>? _listening;

    public ChatOrigins(IConfiguration configuration, IServer? server = null)
    {
        _server = server;
        var publicUrl = configuration[PublicUrlKey];
        if (!string.IsNullOrWhiteSpace(publicUrl))
        {
            if (!Uri.TryCreate(publicUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new Chat.Infrastructure.Hosting.StartupFailure(
                    Chat.Infrastructure.Hosting.ExitCode.Configuration, $"{PublicUrlKey} '{publicUrl}' is not an absolute http(s) URL.");
            }

            PublicUrl = uri;
        }

        var origins = ReadList(configuration, AllowedOriginsKey).Concat(ReadList(configuration, RealtimeAllowedOriginsKey)).ToList();
        AllowsAnyOrigin = origins.Contains("*");
        _configured = origins.Where(o => o != "*").Select(Normalize).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (PublicUrl is not null)
        {
            _configured.Add(OriginOf(PublicUrl));
        }

        UsesListeningAddresses = PublicUrl is null && origins.Count == 0;
    }

    /// <summary><c>Chat:PublicUrl</c>: where clients reach this server (scheme, host, port, optional base path); null when unset.</summary>
    public Uri? PublicUrl { get; }

    /// <summary>True when the configuration lists <c>*</c>: every origin is allowed.</summary>
    public bool AllowsAnyOrigin { get; }

    /// <summary>True when neither <c>Chat:PublicUrl</c> nor an allowed-origins list is set, so the listening addresses are the own origins.</summary>
    public bool UsesListeningAddresses { get; }

    /// <summary>The configured origins (and the public URL's), lowercase <c>scheme://host[:port]</c>; without the listening addresses.</summary>
    public IReadOnlyCollection<string> ConfiguredOrigins => _configured;

    /// <summary>Whether a browser page from <paramref name="origin"/> (the <c>Origin</c> header's value) may call this server.</summary>
    public bool IsAllowed(string origin)
    {
        if (AllowsAnyOrigin)
        {
            return true;
        }

        var normalized = Normalize(origin);
        if (normalized is null)
        {
            return false;
        }

        return _configured.Contains(normalized) || (UsesListeningAddresses && Listening().Contains(normalized));
    }

    public string Link(string path)
    {
        if (PublicUrl is null)
        {
            return path;
        }

        return PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path.TrimStart('/');
    }

    /// <summary><c>scheme://host[:port]</c> in lower case with the default port left out, or null when it is not an http(s) origin.</summary>
    public static string? Normalize(string origin)
    {
        if (!Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        return OriginOf(uri);
    }

    private static string OriginOf(Uri uri) =>
        (uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}").ToLowerInvariant();

    // Addresses are known only once the server has started, so they are read on first use.
    private HashSet<string> Listening()
    {
        if (_listening is { } known)
        {
            return known;
        }

        var addresses = _server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in addresses)
        {
            var (scheme, host, port) = Split(address);
            if (scheme is null)
            {
                continue;
            }

            IEnumerable<string> hosts = host is "0.0.0.0" or "[::]" or "::" or "+" or "*" ? WildcardHosts() : [host];
            foreach (var h in hosts)
            {
                if (Normalize($"{scheme}://{h}:{port}") is { } origin)
                {
                    result.Add(origin);
                }
            }
        }

        if (addresses.Count > 0)
        {
            _listening = result;
        }

        return result;
    }

    private static (string? Scheme, string Host, string Port) Split(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return (null, string.Empty, string.Empty);
        }

        var rest = address[(schemeEnd + 3)..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon < 0 || rest.EndsWith(']'))
        {
            return (null, string.Empty, string.Empty);
        }

        return (address[..schemeEnd], rest[..colon], rest[(colon + 1)..]);
    }

    private static IEnumerable<string> WildcardHosts()
    {
        yield return "localhost";
        yield return "127.0.0.1";
        yield return "[::1]";
        yield return Environment.MachineName;
        IEnumerable<IPAddress> local;
        try
        {
            local = NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .ToList();
        }
        catch (NetworkInformationException)
        {
            local = [];
        }

        foreach (var ip in local)
        {
            yield return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        }
    }

    private static List<string> ReadList(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            values.AddRange(section.Value.Split(','));
        }

        return values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim().TrimEnd('/')).ToList();
    }
}

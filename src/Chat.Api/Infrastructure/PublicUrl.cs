using Chat.Infrastructure.Hosting;

namespace Chat.Api.Infrastructure;

/// <summary>
/// <c>Chat:PublicUrl</c>: the address users reach the server at, as the reverse proxy serves it
/// (e.g. <c>https://chat.example.com</c>). Optional. When set, its origin is the server's own origin for the
/// socket's <c>Origin</c> check (whatever <c>Host</c> the proxy passes on) and links the server hands out
/// (export downloads) are absolute under it; when not set, links are relative.
/// </summary>
public sealed class PublicUrl
{
    public const string Key = "Chat:PublicUrl";

    private PublicUrl(Uri? value) => Value = value;

    /// <summary>The base address without a trailing slash, or null when not configured.</summary>
    public Uri? Value { get; }

    /// <summary><c>scheme://host[:port]</c> of <see cref="Value"/>, or null.</summary>
    public string? Origin => Value?.GetLeftPart(UriPartial.Authority);

    /// <summary>Reads the setting; anything but an absolute http(s) URL stops start-up with exit code 10.</summary>
    public static PublicUrl From(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new PublicUrl(null);
        }

        if (!Uri.TryCreate(text.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new StartupFailure(ExitCode.Configuration, $"{Key}: '{text}' is not an absolute http(s) URL");
        }

        return new PublicUrl(uri);
    }

    /// <summary><paramref name="path"/> (starting with '/') under the public address, or the path itself when none is set.</summary>
    public string Link(string path) => Value is null ? path : Value.AbsoluteUri.TrimEnd('/') + path;
}

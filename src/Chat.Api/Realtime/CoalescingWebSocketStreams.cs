using Chat.Infrastructure.Realtime;
using Microsoft.AspNetCore.Http.Features;

namespace Chat.Api.Realtime;

/// <summary>
/// Puts a <see cref="CoalescingStream"/> under every WebSocket the WebSockets middleware accepts: the HTTP/1.1 upgrade
/// (RFC 6455) and the HTTP/2 extended CONNECT (RFC 8441) features are wrapped so the stream they hand over is wrapped
/// first, and the wrapped stream is kept in the request's features for <see cref="SocketHost"/>. Runs before
/// <c>UseWebSockets</c>, which reads both features when a request arrives.
/// </summary>
internal static class CoalescingWebSocketStreams
{
    public static IApplicationBuilder UseCoalescingWebSocketStreams(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var features = context.Features;
            if (features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
            {
                features.Set<IHttpUpgradeFeature>(new Upgrade(upgrade, features));
            }

            if (features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            {
                features.Set<IHttpExtendedConnectFeature>(new ExtendedConnect(connect, features));
            }

            return next(context);
        });

    private static CoalescingStream Wrap(Stream stream, IFeatureCollection features)
    {
        var wrapped = new CoalescingStream(stream);
        features.Set(wrapped);
        return wrapped;
    }

    private sealed class Upgrade(IHttpUpgradeFeature inner, IFeatureCollection features) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => Wrap(await inner.UpgradeAsync(), features);
    }

    private sealed class ExtendedConnect(IHttpExtendedConnectFeature inner, IFeatureCollection features) : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => inner.IsExtendedConnect;

        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync() => Wrap(await inner.AcceptAsync(), features);
    }
}

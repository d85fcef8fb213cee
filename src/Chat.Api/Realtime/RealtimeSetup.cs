using Chat.Application.Features.Server;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Chat.Api.Realtime;

/// <summary>The WebSocket transport's services, and access tokens read from <c>?token=</c> on <c>/ws</c>.</summary>
internal static class RealtimeSetup
{
    public static IServiceCollection AddRealtimeTransport(this IServiceCollection services)
    {
        services.AddServerFeature(ServerFeatures.Realtime);
        services.AddSingleton<SocketAuthenticator>();
        services.AddSingleton<SocketReauthenticator>();
        services.AddSingleton<SocketCommandDispatcher>();
        services.AddSingleton<SocketHost>();
        services.AddSingleton<DeliveryReceipts>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryReceipts>());

        // Browsers cannot set headers on a WebSocket: /ws also takes the access token from the query string
        // (the request log masks it). The token is validated with exactly the bearer handler's parameters.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            options.Events ??= new JwtBearerEvents();
            var previous = options.Events.OnMessageReceived;
            options.Events.OnMessageReceived = async context =>
            {
                await previous(context);
                var request = context.Request;
                if (context.Token is null
                    && request.Path.Equals(WebSocketEndpoint.Path, StringComparison.Ordinal)
                    && string.IsNullOrEmpty(request.Headers.Authorization)
                    && request.Query.TryGetValue("token", out var token))
                {
                    context.Token = token.ToString();
                }
            };
        });
        return services;
    }
}

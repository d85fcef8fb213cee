using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Chat.Api.Infrastructure;

/// <summary>
/// CORS for the REST API with ASP.NET Core's middleware, deciding origins through <see cref="ChatOrigins"/> — the same
/// rule as the socket's origin check (<c>Chat:Cors:AllowedOrigins</c>, alias <c>Chat:Realtime:AllowedOrigins</c>; by
/// default the server's own origin only). No credentials (clients send bearer tokens, not cookies); the headers a client
/// needs to read are exposed: <c>Retry-After</c> (429), <c>Location</c> (201), <c>X-Request-Id</c>.
/// </summary>
internal static class CorsSetup
{
    public static readonly string[] ExposedHeaders = ["Retry-After", "Location", "X-Request-Id"];

    public static IServiceCollection AddChatCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddSingleton<IConfigureOptions<CorsOptions>>(sp => new ConfigureOptions<CorsOptions>(options =>
        {
            var origins = sp.GetRequiredService<ChatOrigins>();
            options.AddDefaultPolicy(policy => policy
                .SetIsOriginAllowed(origins.IsAllowed)
                .AllowAnyMethod()
                .AllowAnyHeader()
                .WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
        }));
        return services;
    }
}

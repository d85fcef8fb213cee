using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Features.Server;

public static class ServerFeatureRegistration
{
    /// <summary>Adds <paramref name="name"/> to the features <c>GET /api/v1/server</c> lists (registering it twice lists it once).</summary>
    public static IServiceCollection AddServerFeature(this IServiceCollection services, string name)
    {
        services.AddSingleton(new ServerFeature(name));
        return services;
    }
}

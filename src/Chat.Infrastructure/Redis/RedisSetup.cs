using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.RateLimiting;
using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Chat.Infrastructure.Redis;

/// <summary>Wires scale-out when <c>Chat:Redis:Configuration</c> is set; without it nothing here is registered.</summary>
public static class RedisSetup
{
    public static IServiceCollection AddRedisScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        if (!options.Enabled)
        {
            return services;
        }

        try
        {
            ConfigurationOptions.Parse(options.Configuration!);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or FormatException)
        {
            throw new StartupFailure(ExitCode.Configuration, $"Chat:Redis:Configuration is not a valid StackExchange.Redis configuration string: {ex.Message}", ex);
        }

        services.AddSingleton(options);
        services.AddSingleton<RedisConnection>();

        services.AddSingleton<RedisRealtimeBus>();
        services.Replace(ServiceDescriptor.Singleton<IRealtimeBus>(sp => sp.GetRequiredService<RedisRealtimeBus>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisRealtimeBus>());

        services.AddSingleton<ClusterPresence>();
        services.Replace(ServiceDescriptor.Singleton<IPresenceTracker>(sp => sp.GetRequiredService<ClusterPresence>()));
        services.AddSingleton<IPresenceCoordinator>(sp => sp.GetRequiredService<ClusterPresence>());
        services.AddHostedService(sp => sp.GetRequiredService<ClusterPresence>());

        services.AddSingleton<RealtimeTicketStore>();
        services.Replace(ServiceDescriptor.Singleton<IRealtimeTickets, RedisTicketStore>());

        services.AddSingleton<RequestRateLimiter>();
        services.Replace(ServiceDescriptor.Singleton<IRequestRateLimiter, RedisRateLimiter>());

        services.AddSingleton<LoginThrottle>();
        services.Replace(ServiceDescriptor.Singleton<ILoginThrottle, RedisLoginThrottle>());

        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }
}

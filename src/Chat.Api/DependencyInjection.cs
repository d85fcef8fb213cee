using Chat.Api.Endpoints;
using Chat.Api.Errors;
using Chat.Api.Infrastructure;
using Chat.Api.Realtime;
using Chat.Api.Services;
using Chat.Api.WebClient;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Serialization;

namespace Chat.Api;

public static class DependencyInjection
{
    /// <summary>Default limit for any request body other than uploads (spec/README.md "Limits").</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());

        services.ConfigureHttpJsonOptions(options => ChatJson.Configure(options.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDocuments.Customize);
        services.AddExceptionHandler<ChatExceptionHandler>();
        services.AddAuthorization();
        services.AddChatRateLimiting();
        services.AddChatSwagger();
        services.AddRealtimeTransport();
        services.AddWebClient();
        services.AddSingleton(ServerEndpoints.Identity(configuration));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return services;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>(MaxRequestBodyBytes);
        app.UseWebSockets();
        app.UseWebClient();

        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", "Chat API v1");
            options.RoutePrefix = "swagger";
        });

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapFriendEndpoints();
        app.MapBlockEndpoints();
        app.MapConversationEndpoints();
        app.MapMessageEndpoints();
        app.MapUnreadEndpoints();
        app.MapRoomEndpoints();
        app.MapInviteEndpoints();
        app.MapRealtimeEndpoints();
        app.MapAdminEndpoints();
        app.MapServerEndpoints();
        app.MapWebClient();
        return app;
    }
}

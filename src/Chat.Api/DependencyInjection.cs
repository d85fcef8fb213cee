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
        services.AddChatReverseProxy(configuration);
        services.AddOperatorLogging();
        services.AddSingleton<ChatOrigins>();
        services.AddSingleton<IPublicLinks>(sp => sp.GetRequiredService<ChatOrigins>());
        services.AddScoped<CurrentUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());

        services.ConfigureHttpJsonOptions(options => ChatJson.Configure(options.SerializerOptions));
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDocuments.Customize);
        services.AddExceptionHandler<ChatExceptionHandler>();
        services.AddSingleton<FailureLog>();
        services.AddAuthorization();
        services.AddChatRateLimiting();
        services.AddChatSwagger();
        services.AddChatTelemetry(configuration);
        services.AddChatCors();
        services.AddRealtimeTransport();
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        services.AddWebClient();
        services.AddSingleton(ServerEndpoints.Identity(configuration));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        return services;
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseChatReverseProxy();
        app.UseOperatorLogging();
        app.UseChatRequestLogging();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        var https = app.Configuration.GetSection("Chat:Https");
        if (https.GetValue("Hsts", false))
        {
            app.UseHsts();
        }

        if (https.GetValue("RedirectHttp", false))
        {
            app.UseHttpsRedirection();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseMiddleware<RequestBodyLimitMiddleware>(MaxRequestBodyBytes);
        app.UseMiddleware<PagingParameterGuard>();
        app.UseWebSockets();
        app.UseWebClient();

        // On by default so the zero-configuration start shows the API; README's production checklist says when to turn it off.
        if (app.Configuration.GetValue("Chat:Swagger:Enabled", true))
        {
            app.UseChatSwagger();
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthText.WriteAsync,
        });

        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapFriendEndpoints();
        app.MapBlockEndpoints();
        app.MapConversationEndpoints();
        app.MapMessageEndpoints();
        app.MapAttachmentEndpoints();
        app.MapSearchEndpoints();
        app.MapUnreadEndpoints();
        app.MapRoomEndpoints();
        app.MapInviteEndpoints();
        app.MapRealtimeEndpoints();
        app.MapAdminEndpoints();
        app.MapDocsEndpoints();
        app.MapChatMetrics();
        app.MapServerEndpoints();
        app.MapWebClient();
        return app;
    }
}

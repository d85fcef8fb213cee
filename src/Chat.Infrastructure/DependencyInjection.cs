using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Attachments;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Server;
using Chat.Infrastructure.Files;
using Chat.Infrastructure.Identity;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.RateLimiting;
using Chat.Infrastructure.Realtime;
using Chat.Infrastructure.Search;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace Chat.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Database, identity (JWT, password hashing), throttles and real-time delivery.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Configuration is read from the container, not at registration, so hosts (and tests) that add sources late are honoured.
        services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            var provider = DatabaseSetup.ProviderOf(config);
            return new DatabaseConnection(provider, DatabaseSetup.ConnectionString(config, provider), DatabaseSetup.SqliteSynchronousOf(config));
        });
        // The options are built once (every input is a singleton) and the contexts pooled, not built per request:
        // rebuilding the options, then each context's EF services, was 8-10 % and then ~6 % of a send's CPU (profiled).
        services.AddChatDbContext((sp, options) =>
        {
            var database = sp.GetRequiredService<DatabaseConnection>();
            DatabaseSetup.Configure(options, database.Provider, database.ConnectionString, database.SqliteSynchronous);
            options.AddInterceptors(sp.GetRequiredService<RecipientChangeInterceptor>());
            Encryption.EncryptionSetup.Configure(options, sp);
        });
        services.AddSingleton<DatabaseHealth>();
        services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database", tags: ["ready"]);

        AddIdentity(services);

        services.AddSingleton<RateLimitPolicies>();
        services.AddSingleton<IRequestRateLimiter, RequestRateLimiter>();
        services.AddSingleton<ILoginThrottle, LoginThrottle>();

        services.AddSingleton(sp => new DirectMessageOptions(
            sp.GetRequiredService<IConfiguration>().GetValue("Chat:DirectMessages:RequireFriendship", defaultValue: true)));

        services.AddSingleton(sp => new Chat.Application.Features.Users.AccountOptions(
            Math.Max(0, sp.GetRequiredService<IConfiguration>().GetValue("Chat:Accounts:UsernameQuarantineDays", defaultValue: 30))));

        services.AddSingleton(SendingOptionsOf(configuration));

        AddRealtime(services);
        Redis.RedisSetup.AddRedisScaleOut(services, configuration);
        AddAttachmentsAndSearch(services);
        Encryption.EncryptionSetup.AddEncryption(services);
        Retention.RetentionSetup.AddRetention(services, configuration);
        Exports.ExportSetup.AddExports(services, configuration);
        return services;
    }

    /// <summary><c>Chat:Sending</c>; a malformed number or one below 1 stops start-up with exit code 10.</summary>
    private static Chat.Application.Features.Messages.SendMessage.SendingOptions SendingOptionsOf(IConfiguration configuration)
    {
        var section = Chat.Application.Features.Messages.SendMessage.SendingOptions.Section;
        var options = Hosting.StartupOptions.Bind<Chat.Application.Features.Messages.SendMessage.SendingOptions>(configuration, section);
        if (options.QueueCapacity < 1 || options.MaxBatchSize < 1)
        {
            throw new Hosting.StartupFailure(Hosting.ExitCode.Configuration, $"{section}: QueueCapacity and MaxBatchSize must be 1 or more");
        }

        return options;
    }

    private static void AddAttachmentsAndSearch(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(AttachmentOptions.Section).Get<AttachmentOptions>() ?? new AttachmentOptions());
        services.AddSingleton<IFileStore>(sp => new LocalFileStore(ChatPaths.DataDirectory(sp.GetRequiredService<IConfiguration>())));
        services.AddHostedService<AttachmentCleanupService>();
        services.AddServerFeature(ServerFeatures.Attachments).AddServerFeature(ServerFeatures.Search);
        services.AddScoped<IMessageSearch>(sp => sp.GetRequiredService<DatabaseConnection>().Provider switch
        {
            DatabaseProvider.Postgres => new PostgresMessageSearch(sp.GetRequiredService<ChatDbContext>()),
            DatabaseProvider.SqlServer => new SqlServerMessageSearch(sp.GetRequiredService<ChatDbContext>()),
            _ => new SqliteMessageSearch(sp.GetRequiredService<ChatDbContext>()),
        });
    }

    private static void AddRealtime(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(RealtimeOptions.Section).Get<RealtimeOptions>() ?? new RealtimeOptions());
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<IPresenceTracker>(sp => sp.GetRequiredService<ConnectionRegistry>());
        services.AddSingleton<LocalDelivery>();
        services.AddSingleton<IRealtimeBus, InProcessRealtimeBus>();
        services.AddSingleton<RealtimeEventSequencer>();
        services.AddSingleton<IEventOrdering>(sp => sp.GetRequiredService<RealtimeEventSequencer>());
        services.AddSingleton<RealtimeMetrics>();
        services.AddSingleton<IRealtimeStatistics>(sp => sp.GetRequiredService<RealtimeMetrics>());
        services.AddSingleton<IRealtimeNotifier, RealtimeNotifier>();
        services.AddSingleton<RecipientCache>();
        services.AddSingleton<IRecipientCache>(sp => sp.GetRequiredService<RecipientCache>());
        services.AddSingleton<RecipientChangeInterceptor>();
        services.AddScoped<IConversationRecipients>(sp => sp.GetRequiredService<RealtimeOptions>().CacheRecipients
            ? new CachedConversationRecipients(sp.GetRequiredService<RecipientCache>(), sp.GetRequiredService<Application.Features.Messages.Events.StoredConversationRecipients>())
            : sp.GetRequiredService<Application.Features.Messages.Events.StoredConversationRecipients>());
        services.AddSingleton<FanOutQueue>();
        services.AddSingleton<IConversationFanOut>(sp => sp.GetRequiredService<FanOutQueue>());
        services.AddSingleton<IFanOutPressure>(sp => sp.GetRequiredService<FanOutQueue>());
        services.AddSingleton<IRealtimeTickets, RealtimeTicketStore>();
        services.AddSingleton<PresenceBroadcaster>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceBroadcaster>());
    }

    // A well-signed token still needs a user id and a login that has not ended (and exists: a deleted user's logins are gone).
    private static async Task ValidateSessionAsync(TokenValidatedContext context)
    {
        var principal = context.Principal;
        if (!Guid.TryParse(principal?.FindFirst(ChatClaims.Subject)?.Value, out var userId)
            || !Guid.TryParse(principal?.FindFirst(ChatClaims.Session)?.Value, out var sessionId))
        {
            context.Fail("The token lacks a valid user or session id.");
            return;
        }

        var states = context.HttpContext.RequestServices.GetRequiredService<SessionStates>();
        var expires = new DateTimeOffset(context.SecurityToken.ValidTo, TimeSpan.Zero);
        if (!await states.IsAliveAsync(userId, sessionId, expires, context.HttpContext.RequestAborted))
        {
            context.Fail("The session has ended.");
        }
    }

    private static void AddIdentity(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Chat:Jwt").Get<JwtOptions>() ?? new JwtOptions());
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection("Chat:Passwords").Get<PasswordOptions>() ?? new PasswordOptions());
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<AdminDirectory>();
        services.AddSingleton<IReservedUsernames>(sp => sp.GetRequiredService<AdminDirectory>());
        services.AddSingleton<ITokenService, TokenService>();
        services.AddSingleton<SessionStates>();
        services.AddScoped<ISessionTerminator, SessionTerminator>();
        services.AddHostedService<SessionRevocationSync>();
        services.AddSingleton<Application.Common.Interfaces.IPasswordHasher, PasswordHasher>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<JwtSigningKey, JwtOptions>((options, key, jwt) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = jwt.Issuer,
                ValidateAudience = true,
                ValidAudience = jwt.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKey = key.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ClockSkew = JwtOptions.ClockSkew,
                NameClaimType = "unique_name",
                RoleClaimType = "role",
            };
            options.Events ??= new JwtBearerEvents();
            options.Events.OnTokenValidated = ValidateSessionAsync;
        });
    }
}

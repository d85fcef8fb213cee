using System.Reflection;
using Chat.Application.Common.Behaviours;
using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Auth;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.Events;
using Chat.Application.Features.Friends;
using Chat.Application.Features.Messages;
using Chat.Application.Features.Rooms;
using Chat.Application.Features.Server;
using Chat.Application.Features.Users;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chat.Application;

public static class DependencyInjection
{
    /// <summary>
    /// MediatR 5.1 (the only version that restores here) has no DI package, so handlers, behaviours,
    /// validators and domain-event handlers are registered by a small assembly scan.
    /// </summary>
    /// <param name="autoMapperLicenseKey">Optional AutoMapper licence key (without one it logs a warning at start-up).</param>
    public static IServiceCollection AddApplication(this IServiceCollection services, string? autoMapperLicenseKey = null)
    {
        var assembly = typeof(DependencyInjection).Assembly;

        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        RegisterClosedImplementations(services, assembly, typeof(IRequestHandler<,>));
        RegisterClosedImplementations(services, assembly, typeof(IDomainEventHandler<>));

        // Order matters: outermost first.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(MetricsBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(OverloadBehaviour<,>)); // before the permit: a refused send spends none
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(RateLimitBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AdministratorBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(SharedConnectionBehaviour<,>)); // before the access check: it shares the connection too
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ConversationAccessBehaviour<,>));

        // A validator builds its rules in its constructor (costly per request) and is read-only afterwards: one instance
        // serves every request unless it takes dependencies.
        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(assembly, includeInternalTypes: true))
        {
            var lifetime = result.ValidatorType.GetConstructor(Type.EmptyTypes) is null ? ServiceLifetime.Scoped : ServiceLifetime.Singleton;
            services.Add(new ServiceDescriptor(result.InterfaceType, result.ValidatorType, lifetime));
        }

        services.AddScoped<IDomainEventDispatcher, DomainEventDispatcher>();
        services.AddScoped<TokenPairIssuer>();
        services.AddScoped<UserProfileReader>();
        services.AddScoped<IFriendshipQueries, FriendshipQueries>();
        services.AddScoped<FriendViews>();
        AddConversations(services);
        services.AddScoped<RoomReader>();
        services.AddScoped<RoomStore>();
        services.AddScoped<ChannelEditor>();
        services.AddScoped<Features.Admin.AuditTrail>();
        services.AddScoped<Features.Admin.ManageUser.UserAdministration>();
        services.AddScoped<Features.Admin.LastAdminGuard>();
        services.AddScoped<AccountDeletion>();
        services.TryAddSingleton(new AccountOptions());
        services.AddScoped<Features.Users.ExportAccount.AccountArchiveWriter>();
        services.AddScoped<AccountExportJobs>();
        services.TryAddSingleton(new AccountExportOptions());
        services.AddAutoMapper(cfg => cfg.LicenseKey = autoMapperLicenseKey, assembly);

        // What this layer serves; modules added elsewhere (the WebSocket, attachments, search) register their own.
        services.AddServerFeature(ServerFeatures.Accounts)
            .AddServerFeature(ServerFeatures.Friends)
            .AddServerFeature(ServerFeatures.Conversations)
            .AddServerFeature(ServerFeatures.Rooms);
        return services;
    }

    private static void AddConversations(IServiceCollection services)
    {
        services.AddScoped<IConversationMembership, ConversationMembership>();
        services.AddScoped<ConversationReader>();
        services.AddScoped<ConversationMembershipChange>();
        services.AddScoped<ConversationNotifier>();
        services.AddScoped<ParticipantMarkers>();
        services.AddScoped<UserChecks>();
        services.AddScoped<UserSummaries>();
        services.AddScoped<MessageReader>();
        services.AddScoped<Features.Messages.Events.StoredConversationRecipients>();
        services.TryAddScoped<IConversationRecipients>(sp => sp.GetRequiredService<Features.Messages.Events.StoredConversationRecipients>());
        services.TryAddScoped<IConversationFanOut, Features.Messages.Events.InlineConversationFanOut>();
        services.AddScoped<MessageChange>();
        services.AddScoped<MentionResolver>();
        services.AddScoped<Features.Messages.SendMessage.MessageBatchStore>();
        services.AddScoped<Features.Messages.SendMessage.WrittenMessages>();
        services.AddSingleton<Features.Messages.SendMessage.MessageWriter>();
        services.AddScoped<Features.Messages.SendMessage.SendQueueSignal>();
        services.TryAddSingleton(new Features.Messages.SendMessage.SendingOptions());
        services.AddScoped<Features.Search.MessageSearchIndex>();
        services.AddScoped<Features.Attachments.SealedAttachments>();
    }

    private static void RegisterClosedImplementations(IServiceCollection services, Assembly assembly, Type openInterface)
    {
        var implementations = assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false, IsGenericTypeDefinition: false });
        foreach (var type in implementations)
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface))
            {
                services.AddScoped(contract, type);
            }
        }
    }
}

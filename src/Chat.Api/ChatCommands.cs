using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Auth.Register;
using Chat.Infrastructure.Persistence;
using MediatR;

namespace Chat.Api;

/// <summary>Command-line verbs: <c>migrate</c> applies migrations and exits; <c>seed</c> also creates demo data.</summary>
internal static class ChatCommands
{
    public const string DemoPassword = "chat-demo-1";
    public static readonly string[] DemoUsers = ["alice", "bob", "carol"];

    /// <summary>Runs a verb if <paramref name="args"/> names one; true when the process should exit afterwards.</summary>
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var verb = args.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('='));
        switch (verb)
        {
            case "migrate":
                await MigrateAsync(app.Services);
                app.Logger.LogInformation("Database migrated");
                return true;
            case "seed":
                await MigrateAsync(app.Services);
                await SeedAsync(app.Services);
                return true;
            default:
                return false;
        }
    }

    public static async Task MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<ChatDbContext>());
    }

    /// <summary>Demo users alice, bob and carol (password <see cref="DemoPassword"/>); running it again changes nothing.</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Seed");
        foreach (var username in DemoUsers)
        {
            await using var scope = services.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            try
            {
                await mediator.Send(new RegisterCommand(username, DemoPassword, char.ToUpperInvariant(username[0]) + username[1..]));
                logger.LogInformation("Created demo user {Username}", username);
            }
            catch (ConflictException)
            {
                logger.LogInformation("Demo user {Username} already exists", username);
            }
        }
    }
}

using System.Security.Claims;
using Chat.Api.Services;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Friends.SendFriendRequest;
using Chat.Application.Features.Auth.Register;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Rooms.CreateChannel;
using Chat.Application.Features.Rooms.CreateRoom;
using Chat.Application.Features.Rooms.GetRoomChannels;
using Chat.Application.Features.Rooms.JoinRoom;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api;

/// <summary>
/// Command-line verbs: <c>migrate</c> applies migrations and exits; <c>seed</c> also creates demo data;
/// <c>admin grant &lt;username&gt;</c> gives an existing account the admin role. Also the start-up bootstrap of the first administrator.
/// </summary>
internal static class ChatCommands
{
    public const string DemoPassword = "chat-demo-1";
    public static readonly string[] DemoUsers = ["alice", "bob", "carol"];

    /// <summary>Runs a verb if <paramref name="args"/> names one; true when the process should exit afterwards.</summary>
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        var words = args.Where(a => !a.StartsWith('-') && !a.Contains('=')).ToList();
        var verb = words.FirstOrDefault();
        switch (verb)
        {
            case "admin":
                if (words.Count != 3 || words[1] != "grant")
                {
                    throw new StartupFailure(ExitCode.Usage, "usage: admin grant <username>");
                }

                await MigrateAsync(app.Services);
                await GrantAdminAsync(app.Services, words[2]);
                return true;
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

    /// <summary>
    /// <c>Chat:Bootstrap:AdminUsername</c> and <c>Chat:Bootstrap:AdminPassword</c>: when no account of that name exists, it is
    /// created as an administrator (logged without the password). An existing account is left alone — it gains nothing
    /// from sharing the name.
    /// </summary>
    public static async Task BootstrapAdminAsync(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var username = configuration["Chat:Bootstrap:AdminUsername"]?.Trim();
        if (string.IsNullOrEmpty(username))
        {
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Bootstrap");
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var normalized = User.Normalize(username);
        var existing = await db.Set<User>().FirstOrDefaultAsync(u => u.NormalizedUsername == normalized);
        if (existing is not null)
        {
            if (!existing.IsAdmin)
            {
                logger.LogWarning("The bootstrap administrator {Username} exists without the admin role; grant it with 'admin grant {Username}'", username, username);
            }

            return;
        }

        var password = configuration["Chat:Bootstrap:AdminPassword"] ?? string.Empty;
        var rules = await scope.ServiceProvider.GetRequiredService<FluentValidation.IValidator<RegisterCommand>>()
            .ValidateAsync(new RegisterCommand(username, password, null));
        if (!rules.IsValid)
        {
            throw new StartupFailure(ExitCode.Configuration, "Chat:Bootstrap: " + string.Join(" ", rules.Errors.Select(e => e.ErrorMessage)));
        }

        var user = User.Register(username, null, scope.ServiceProvider.GetRequiredService<IPasswordHasher>().Hash(password), DateTime.UtcNow);
        user.GrantAdmin();
        db.Set<User>().Add(user);
        try
        {
            await db.SaveChangesAsync();
            logger.LogInformation("Created the bootstrap administrator {Username}", username);
        }
        catch (DbUpdateException)
        {
            // Another node created it at the same moment.
            logger.LogInformation("The bootstrap administrator {Username} was created meanwhile", username);
        }
    }

    /// <summary><c>admin grant &lt;username&gt;</c>: the account gets the admin role; its next access token carries it.</summary>
    private static async Task GrantAdminAsync(IServiceProvider services, string username)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var normalized = User.Normalize(username);
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.NormalizedUsername == normalized)
            ?? throw new StartupFailure(ExitCode.Usage, $"No account is named '{username}'. Create it first (a reserved name only through Chat:Bootstrap:AdminUsername).");
        user.GrantAdmin();
        await db.SaveChangesAsync();
        services.GetRequiredService<ILoggerFactory>().CreateLogger("Admin").LogInformation("{Username} is now an administrator", user.Username);
    }

    /// <summary>
    /// Demo users alice, bob and carol (password <see cref="DemoPassword"/>; alice is friends with both) and a public room, <see cref="DemoRoomName"/>,
    /// owned by alice with a few channels and messages; running it again changes nothing.
    /// </summary>
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

        await SeedFriendshipsAsync(services, logger);
        await SeedLobbyAsync(services, logger);
    }

    /// <summary>alice is friends with bob and with carol, so direct messages can be tried at once.</summary>
    private static async Task SeedFriendshipsAsync(IServiceProvider services, ILogger logger)
    {
        Dictionary<string, Guid> users;
        await using (var scope = services.CreateAsyncScope())
        {
            users = await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Set<User>()
                .Where(u => DemoUsers.Contains(u.NormalizedUsername)).ToDictionaryAsync(u => u.NormalizedUsername, u => u.Id);
        }

        foreach (var friend in new[] { "bob", "carol" })
        {
            await using (var scope = services.CreateAsyncScope())
            {
                if (await scope.ServiceProvider.GetRequiredService<IFriendshipQueries>().AreFriendsAsync(users["alice"], users[friend], CancellationToken.None))
                {
                    logger.LogInformation("Demo users alice and {Friend} are already friends", friend);
                    continue;
                }
            }

            // A request each way: the second one accepts the first.
            await AsAsync(services, users["alice"], new SendFriendRequestCommand(users[friend]));
            await AsAsync(services, users[friend], new SendFriendRequestCommand(users["alice"]));
            logger.LogInformation("Demo users alice and {Friend} are friends", friend);
        }
    }

    public const string DemoRoomName = "Lobby";

    /// <summary>The demo room, made through the same commands as over the API, each run as the demo user who would send it.</summary>
    private static async Task SeedLobbyAsync(IServiceProvider services, ILogger logger)
    {
        Dictionary<string, Guid> users;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            users = await db.Set<User>().Where(u => DemoUsers.Contains(u.NormalizedUsername)).ToDictionaryAsync(u => u.NormalizedUsername, u => u.Id);
            var aliceId = users["alice"];
            if (await db.Set<Room>().AnyAsync(r => r.OwnerId == aliceId && r.Name == DemoRoomName))
            {
                logger.LogInformation("Demo room {Room} already exists", DemoRoomName);
                return;
            }
        }

        var room = await AsAsync(services, users["alice"], new CreateRoomCommand(DemoRoomName, "Say hello! A demo room with a few channels.", null, IsPublic: true));
        var random = await AsAsync(services, users["alice"], new CreateChannelCommand(room.Id, "random", ChannelType.Text, "Anything goes", null));
        await AsAsync(services, users["alice"], new CreateChannelCommand(room.Id, "Voice", ChannelType.Voice, null, null));
        await AsAsync(services, users["bob"], new JoinRoomCommand(room.Id));
        await AsAsync(services, users["carol"], new JoinRoomCommand(room.Id));
        var general = (await AsAsync(services, users["alice"], new GetRoomChannelsQuery(room.Id))).Items.Single(c => c.Title == RoomLimits.DefaultChannelName);

        await AsAsync(services, users["alice"], new SendMessageCommand(general.Id, "Welcome to the Lobby, everyone!"));
        await AsAsync(services, users["bob"], new SendMessageCommand(general.Id, "Hi @alice, thanks for having us."));
        await AsAsync(services, users["carol"], new SendMessageCommand(random.Id, "Anyone up for a game tonight?"));
        logger.LogInformation("Created demo room {Room}", DemoRoomName);
    }

    /// <summary>Sends a request in its own scope as <paramref name="userId"/> (the way a socket command names its caller).</summary>
    private static async Task<T> AsAsync<T>(IServiceProvider services, Guid userId, IRequest<T> request)
    {
        await using var scope = services.CreateAsyncScope();
        var identity = new ClaimsIdentity([new Claim("sub", userId.ToString())], authenticationType: "seed");
        scope.ServiceProvider.GetRequiredService<CurrentUser>().UseSocketCaller(new ClaimsPrincipal(identity), Guid.NewGuid());
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }
}

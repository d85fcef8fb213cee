using System.Security.Claims;
using Chat.Api.Services;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Friends.SendFriendRequest;
using Chat.Application.Features.Auth.Register;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Rooms.CreateChannel;
using Chat.Application.Features.Rooms.CreateRoom;
using Chat.Application.Features.Rooms.JoinRoom;
using Chat.Application.Features.Conversations.CreateDirectConversation;
using Chat.Application.Features.Conversations.CreateGroupConversation;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Chat.Infrastructure;
using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api;

/// <summary>
/// Command-line verbs: <c>migrate</c> applies migrations and exits; <c>seed</c> also creates demo data;
/// <c>admin grant &lt;username&gt;</c> gives an existing account the admin role; <c>rotate-key</c> re-wraps the
/// encryption data keys under a new master key (docs/encryption.md). Also the start-up bootstrap of the first administrator.
/// </summary>
internal static class ChatCommands
{
    public const string DemoPassword = "chat-demo-1";

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
            case "rotate-key":
                await MigrateAsync(app.Services);
                await Chat.Infrastructure.Encryption.EncryptionSetup.RotateKeyAsync(app.Services);
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
        // A data directory that is a file, cannot be created or takes no writes stops the start here, with its path.
        ChatPaths.EnsureWritable(services.GetRequiredService<IConfiguration>());
        await using var scope = services.CreateAsyncScope();
        var applied = await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<ChatDbContext>());

        // One line per start saying whether this instance changed the schema (several instances starting at once:
        // exactly one reports the migrations, the others 0).
        scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Chat.Migrations").LogInformation(
            "Applied {MigrationCount} database migrations{MigrationRange}",
            applied.Count,
            applied.Count == 0 ? string.Empty : $" ({applied[0]} … {applied[^1]})");
    }

    /// <summary>The seed's fixed ids, documented in docs/api/README.md "Demo data" so snippets and Swagger examples can use them.</summary>
    public static class DemoIds
    {
        public static readonly Guid Alice = Guid.Parse("00000000-0000-7000-8000-00000000a11c");
        public static readonly Guid Bob = Guid.Parse("00000000-0000-7000-8000-000000000b0b");
        public static readonly Guid Carol = Guid.Parse("00000000-0000-7000-8000-0000000ca201");

        /// <summary>The direct conversation between alice and bob.</summary>
        public static readonly Guid AliceBob = Guid.Parse("00000000-0000-7000-8000-00000000d001");

        /// <summary>The group "Book club": alice (owner), bob and carol.</summary>
        public static readonly Guid BookClub = Guid.Parse("00000000-0000-7000-8000-00000000c001");

        /// <summary>The public room "Lobby" owned by alice, and its channels.</summary>
        public static readonly Guid Lobby = Guid.Parse("00000000-0000-7000-8000-000000001000");

        public static readonly Guid LobbyGeneral = Guid.Parse("00000000-0000-7000-8000-000000001001");
        public static readonly Guid LobbyRandom = Guid.Parse("00000000-0000-7000-8000-000000001002");
        public static readonly Guid LobbyVoice = Guid.Parse("00000000-0000-7000-8000-000000001003");
    }

    public const string DemoRoomName = "Lobby";
    public const string DemoGroupTitle = "Book club";

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
    /// Demo data with fixed ids (<see cref="DemoIds"/>): users alice, bob and carol (password <see cref="DemoPassword"/>;
    /// alice is friends with both), a direct conversation alice↔bob with a few messages, the group
    /// <see cref="DemoGroupTitle"/>, and the public room <see cref="DemoRoomName"/> with channels and messages. Running it
    /// again changes nothing. It never adopts an account someone registered: a demo username taken by another account
    /// stops it with <see cref="ExitCode.SeedConflict"/>.
    /// </summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Seed");
        await SeedUsersAsync(services, logger);
        await SeedFriendshipsAsync(services, logger);
        await SeedConversationsAsync(services, logger);
        await SeedLobbyAsync(services, logger);
    }

    private static async Task SeedUsersAsync(IServiceProvider services, ILogger logger)
    {
        foreach (var (username, id) in new[] { ("alice", DemoIds.Alice), ("bob", DemoIds.Bob), ("carol", DemoIds.Carol) })
        {
            await using var scope = services.CreateAsyncScope();
            var existing = await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Set<User>()
                .Where(u => u.NormalizedUsername == username).Select(u => (Guid?)u.Id).FirstOrDefaultAsync();
            if (existing == id)
            {
                logger.LogInformation("Demo user {Username} already exists", username);
                continue;
            }

            if (existing is not null)
            {
                throw new StartupFailure(ExitCode.SeedConflict,
                    $"seed: the username '{username}' belongs to an account the seed did not create; seed an empty database (a new Chat:DataDirectory or database)");
            }

            using (Ids.Planned<User>(id))
            {
                var registered = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new RegisterCommand(username, DemoPassword, char.ToUpperInvariant(username[0]) + username[1..]));
                EnsurePlanned(registered.User.Id, id, $"the demo user {username}");
            }

            logger.LogInformation("Created demo user {Username} ({UserId})", username, id);
        }
    }

    /// <summary>alice is friends with bob and with carol, so direct messages can be tried at once.</summary>
    private static async Task SeedFriendshipsAsync(IServiceProvider services, ILogger logger)
    {
        foreach (var (friend, friendId) in new[] { ("bob", DemoIds.Bob), ("carol", DemoIds.Carol) })
        {
            await using (var scope = services.CreateAsyncScope())
            {
                if (await scope.ServiceProvider.GetRequiredService<IFriendshipQueries>().AreFriendsAsync(DemoIds.Alice, friendId, CancellationToken.None))
                {
                    continue;
                }
            }

            // A request each way: the second one accepts the first.
            await AsAsync(services, DemoIds.Alice, new SendFriendRequestCommand(friendId));
            await AsAsync(services, friendId, new SendFriendRequestCommand(DemoIds.Alice));
            logger.LogInformation("Demo users alice and {Friend} are friends", friend);
        }
    }

    /// <summary>The direct conversation alice↔bob and the group, each with a few messages, made once.</summary>
    private static async Task SeedConversationsAsync(IServiceProvider services, ILogger logger)
    {
        if (!await ExistsAsync<Conversation>(services, DemoIds.AliceBob))
        {
            using (Ids.Planned<Conversation>(DemoIds.AliceBob))
            {
                var direct = await AsAsync(services, DemoIds.Alice, new CreateDirectConversationCommand(DemoIds.Bob));
                EnsurePlanned(direct.Conversation.Id, DemoIds.AliceBob, "the direct conversation alice↔bob");
            }

            await AsAsync(services, DemoIds.Alice, new SendMessageCommand(DemoIds.AliceBob, "Hi Bob! Lunch tomorrow?"));
            await AsAsync(services, DemoIds.Bob, new SendMessageCommand(DemoIds.AliceBob, "Sure, 12:30 at the usual place?"));
            await AsAsync(services, DemoIds.Alice, new SendMessageCommand(DemoIds.AliceBob, "Perfect, see you there."));
            logger.LogInformation("Created the demo direct conversation {ConversationId}", DemoIds.AliceBob);
        }

        if (!await ExistsAsync<Conversation>(services, DemoIds.BookClub))
        {
            using (Ids.Planned<Conversation>(DemoIds.BookClub))
            {
                await AsAsync(services, DemoIds.Alice, new CreateGroupConversationCommand(DemoGroupTitle, [DemoIds.Bob, DemoIds.Carol]));
            }

            await AsAsync(services, DemoIds.Alice, new SendMessageCommand(DemoIds.BookClub, "This month: The Left Hand of Darkness."));
            await AsAsync(services, DemoIds.Carol, new SendMessageCommand(DemoIds.BookClub, "Halfway through, no spoilers please!"));
            logger.LogInformation("Created the demo group {ConversationId}", DemoIds.BookClub);
        }
    }

    /// <summary>The demo room, made through the same commands as over the API, each run as the demo user who would send it.</summary>
    private static async Task SeedLobbyAsync(IServiceProvider services, ILogger logger)
    {
        if (await ExistsAsync<Room>(services, DemoIds.Lobby))
        {
            logger.LogInformation("Demo room {Room} already exists", DemoRoomName);
            return;
        }

        using (Ids.Planned<Room>(DemoIds.Lobby))
        using (Ids.Planned<Conversation>(DemoIds.LobbyGeneral, DemoIds.LobbyRandom, DemoIds.LobbyVoice))
        {
            await AsAsync(services, DemoIds.Alice, new CreateRoomCommand(DemoRoomName, "Say hello! A demo room with a few channels.", null, IsPublic: true));
            await AsAsync(services, DemoIds.Alice, new CreateChannelCommand(DemoIds.Lobby, "random", ChannelType.Text, "Anything goes", null));
            await AsAsync(services, DemoIds.Alice, new CreateChannelCommand(DemoIds.Lobby, "Voice", ChannelType.Voice, null, null));
        }

        await AsAsync(services, DemoIds.Bob, new JoinRoomCommand(DemoIds.Lobby));
        await AsAsync(services, DemoIds.Carol, new JoinRoomCommand(DemoIds.Lobby));
        await AsAsync(services, DemoIds.Alice, new SendMessageCommand(DemoIds.LobbyGeneral, "Welcome to the Lobby, everyone!"));
        await AsAsync(services, DemoIds.Bob, new SendMessageCommand(DemoIds.LobbyGeneral, "Hi @alice, thanks for having us."));
        await AsAsync(services, DemoIds.Carol, new SendMessageCommand(DemoIds.LobbyRandom, "Anyone up for a game tonight?"));
        logger.LogInformation("Created demo room {Room} ({RoomId})", DemoRoomName, DemoIds.Lobby);
    }

    private static async Task<bool> ExistsAsync<T>(IServiceProvider services, Guid id) where T : Entity
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChatDbContext>().Set<T>().AnyAsync(e => e.Id == id);
    }

    // A direct conversation someone already opened between the demo users keeps its id; the seed cannot document it.
    private static void EnsurePlanned(Guid actual, Guid planned, string what)
    {
        if (actual != planned)
        {
            throw new StartupFailure(ExitCode.SeedConflict, $"seed: {what} already exists with another id; seed an empty database");
        }
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

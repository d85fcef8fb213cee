using System.Diagnostics;
using System.Globalization;
using System.Text;
using Chat.Application;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Search;
using Chat.Application.Features.Search.SearchMessages;
using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using Chat.Infrastructure;
using Chat.Infrastructure.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Chat.Bench;

/// <summary>
/// Message search over a seeded database (issue 12): messages are appended through the domain
/// (<c>Conversation.AppendMessage</c>) and indexed by the application's <see cref="MessageSearchIndex"/> — the code path
/// of a real send — with words drawn from a Zipf distribution over a 50,000-word vocabulary. The searching user is a
/// member of 100 of the 200 conversations. Then 1,000 queries of each kind go through the whole query handler
/// (folding, provider search, reading the messages, snippets); p50/p99 are printed.
/// </summary>
internal static class SearchBench
{
    private const int Vocabulary = 50_000;
    private const int Conversations = 200;
    private const int DefaultBatchSize = 10_000;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var provider = options.Get("provider", "sqlite").Equals("postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var messages = options.GetInt("messages", 20_000);
        var queries = options.GetInt("queries", 1_000);
        var batchSize = options.GetInt("batch", DefaultBatchSize);

        // --reuse <directory or database name> queries a database an earlier run seeded and kept (--keep true), so a
        // query or index change can be measured again without seeding a million messages anew.
        var reuse = options.Get("reuse", string.Empty);
        var keep = reuse.Length > 0 || options.Get("keep", "false").Equals("true", StringComparison.OrdinalIgnoreCase);
        var server = options.Get("connection", Environment.GetEnvironmentVariable("CHAT_TEST_POSTGRES") ?? string.Empty);
        var directory = provider == DatabaseProvider.Sqlite && reuse.Length > 0 ? reuse : Path.Combine(Path.GetTempPath(), "chat-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string? postgresName = null;
        var connection = provider == DatabaseProvider.Sqlite
            ? $"Data Source={Path.Combine(directory, "chat.db")};Pooling=True;Default Timeout=600"
            : reuse.Length > 0
                ? new NpgsqlConnectionStringBuilder(server) { Database = reuse, CommandTimeout = 600 }.ToString()
                : await CreatePostgresDatabaseAsync(server, name => postgresName = name);

        var caller = new BenchUser();
        await using var services = BuildServices(provider, connection, directory, caller);
        try
        {
            await using (var scope = services.CreateAsyncScope())
            {
                await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<ChatDbContext>());
            }

            var words = Words();
            var zipf = new Zipf(Vocabulary, 1.0);
            var random = new Random(12);
            Guid searcher;
            if (reuse.Length > 0)
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
                searcher = await db.Set<User>().Where(u => u.Username == "bench0").Select(u => u.Id).SingleAsync();
                messages = await db.Set<Chat.Domain.Messages.Message>().CountAsync();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: reusing {reuse} ({messages:N0} messages)"));
            }
            else
            {
                var seedTime = Stopwatch.StartNew();
                searcher = await SeedAsync(services, messages, batchSize, words, zipf, random);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: seeded {messages:N0} messages in {seedTime.Elapsed.TotalSeconds:0} s ({messages / seedTime.Elapsed.TotalSeconds:0} messages/s), batches of {batchSize:N0}"));
                if (keep)
                {
                    Console.WriteLine($"kept for --reuse: {(provider == DatabaseProvider.Sqlite ? directory : postgresName)}");
                }
            }

            caller.UserId = searcher;
            var kinds = new (string Name, Func<string> Query)[]
            {
                ("one rare word", () => words[random.Next(30_000, Vocabulary)]),
                ("one common word", () => words[random.Next(0, 50)]),
                ("two words", () => $"{words[random.Next(0, 200)]} {words[random.Next(500, 5_000)]}"),
                ("prefix of a common word", () => words[random.Next(0, 50)][..3]),

                // Neither rare nor common (in about 0.04–0.5 % of the messages): the band where PostgreSQL's planner misjudged.
                ("one uncommon word", () => words[random.Next(200, 5_000)]),
            };
            foreach (var (name, next) in kinds)
            {
                var timings = new List<double>(queries);
                var found = 0L;
                for (var i = 0; i < queries; i++)
                {
                    var q = next();
                    await using var scope = services.CreateAsyncScope();
                    var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                    var started = Stopwatch.GetTimestamp();
                    var page = await mediator.Send(new SearchMessagesQuery(q, Limit: 20));
                    timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    found += page.Items.Count;
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider} {messages:N0} messages, {name}: {Percentiles.Describe(timings)}, {found / (double)queries:0.0} hits per page"));
            }

            return 0;
        }
        finally
        {
            await services.DisposeAsync();
            if (postgresName is not null && !keep)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresName}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!keep)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static ServiceProvider BuildServices(DatabaseProvider provider, string connection, string directory, BenchUser caller)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Chat"] = connection,
            ["Chat:DataDirectory"] = directory,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddApplication();
        services.AddInfrastructure(configuration);
        services.AddSingleton<ICurrentUser>(caller);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Seeds through the send path's domain method and search indexer, in large batches (one SaveChanges, one
    /// transaction per <paramref name="batchSize"/> messages) so a million messages seed in minutes, not hours.
    /// </summary>
    private static async Task<Guid> SeedAsync(ServiceProvider services, int messages, int batchSize, string[] words, Zipf zipf, Random random)
    {
        var now = DateTime.UtcNow.AddDays(-30);
        Guid searcher;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            var users = Enumerable.Range(0, 21).Select(i => User.Register($"bench{i}", null, "not-a-real-hash", now)).ToList();
            db.AddRange(users);
            searcher = users[0].Id;
            var conversations = Enumerable.Range(0, Conversations)
                .Select(i => Conversation.StartGroup(i < Conversations / 2 ? searcher : users[1 + (i % 20)].Id, $"group {i}", users.Skip(1).Where((_, j) => j % 4 == i % 4).Select(u => u.Id), now))
                .ToList();
            db.AddRange(conversations);
            ClearEvents(db);
            await db.SaveChangesAsync();
        }

        var content = new StringBuilder();
        var progress = Stopwatch.StartNew();
        for (var done = 0; done < messages; done += batchSize)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var index = scope.ServiceProvider.GetRequiredService<MessageSearchIndex>();
            var conversations = await db.Set<Conversation>().Include(c => c.Participants).ToListAsync();
            for (var i = done; i < Math.Min(messages, done + batchSize); i++)
            {
                var conversation = conversations[random.Next(conversations.Count)];
                var participants = conversation.Participants.ToList();
                content.Clear();
                for (var w = random.Next(5, 20); w > 0; w--)
                {
                    content.Append(words[zipf.Sample(random)]).Append(' ');
                }

                now = now.AddMilliseconds(2);
                var message = conversation.AppendMessage(participants[random.Next(participants.Count)], content.ToString(), null, null, [], now);
                db.Add(message);
                index.Add(message, []);
            }

            ClearEvents(db);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            if ((done / batchSize) % 10 == 9)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done + batchSize:N0} messages, {progress.Elapsed.TotalSeconds:0} s"));
            }
        }

        // Fresh planner statistics, as a production database would have them after the (auto-)analyze that follows bulk writes.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
        }

        return searcher;
    }

    // The seed writes rows only; real-time events of a million sends are not part of what is measured.
    private static void ClearEvents(ChatDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries<Entity>())
        {
            entry.Entity.ClearDomainEvents();
        }
    }

    /// <summary>50,000 distinct pseudo-words of 3–4 syllables, a few with diacritics (so folding is exercised).</summary>
    private static string[] Words()
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "zu", "pe", "qa", "xo", "bé", "do", "fi", "gu", "hä", "jo", "çe", "wy"];
        return Enumerable.Range(400, Vocabulary).Select(n =>
        {
            var word = new StringBuilder();
            for (var rest = n; rest > 0; rest /= syllables.Length)
            {
                word.Append(syllables[rest % syllables.Length]);
            }

            return word.ToString();
        }).ToArray();
    }

    private static async Task<string> CreatePostgresDatabaseAsync(string server, Action<string> created)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException("PostgreSQL needs --connection or CHAT_TEST_POSTGRES (a server connection string).");
        }

        var name = "chat_bench_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await command.ExecuteNonQueryAsync();
        }

        created(name);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    private sealed class BenchUser : ICurrentUser
    {
        public bool IsAuthenticated => true;

        public Guid UserId { get; set; }

        public bool IsAdmin => false;

        public Guid? SocketSessionId => null;

        public Guid? SessionId => null;

        public DateTime? CredentialsExpireAt => null;

        public string? ClientAddress => null;
    }

    /// <summary>Ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s, sampled by binary search over the cumulative weights.</summary>
    private sealed class Zipf
    {
        private readonly double[] _cumulative;

        public Zipf(int n, double s)
        {
            _cumulative = new double[n];
            var total = 0.0;
            for (var i = 0; i < n; i++)
            {
                total += 1.0 / Math.Pow(i + 1, s);
                _cumulative[i] = total;
            }

            for (var i = 0; i < n; i++)
            {
                _cumulative[i] /= total;
            }
        }

        public int Sample(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
        }
    }
}

using System.Security.Cryptography;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using Chat.Infrastructure.Encryption;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Chat.Infrastructure.Tests.Encryption;

public sealed class ContentProtectionTests
{
    [Fact]
    public async Task Values_round_trip_and_swapped_tampered_or_erased_ones_open_as_unreadable_with_an_error_naming_the_row()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var (first, second) = await SeedAsync(database);
        var log = new ListLogger();
        var keys = new KeyStore(new MasterKeyRing(RandomNumberGenerator.GetBytes(32)), database.CreateContext, TimeProvider.System);
        var protection = new ContentProtection(new EncryptionOptions { Enabled = true }, keys, log);
        var (rowA, rowB) = (Guid.NewGuid(), Guid.NewGuid());

        var a = await protection.SealAsync(ProtectedContent.MessageContent, first, rowA, "lunch at one?", CancellationToken.None);
        var b = await protection.SealAsync(ProtectedContent.MessageContent, first, rowB, "sure", CancellationToken.None);
        var other = await protection.SealAsync(ProtectedContent.MessageContent, second, rowA, "elsewhere", CancellationToken.None);

        (await protection.OpenAsync(ProtectedContent.MessageContent, first, rowA, a, CancellationToken.None)).Should().Be("lunch at one?");
        (await protection.OpenAsync(ProtectedContent.MessageContent, first, rowA, b, CancellationToken.None)).Should().BeNull("row B's value in row A");
        (await protection.OpenAsync(ProtectedContent.MessageContent, first, rowA, other, CancellationToken.None)).Should().BeNull("another conversation's value");
        (await protection.OpenAsync(ProtectedContent.EditContent, first, rowA, a, CancellationToken.None)).Should().BeNull();
        var tampered = (byte[])a.Clone();
        tampered[^3] ^= 4;
        (await protection.OpenAsync(ProtectedContent.MessageContent, first, rowA, tampered, CancellationToken.None)).Should().BeNull();
        log.Errors.Should().HaveCount(4).And.OnlyContain(e => e.Contains(rowA.ToString()) && !e.Contains("lunch"));

        await keys.EraseAsync(first, CancellationToken.None);
        (await protection.OpenAsync(ProtectedContent.MessageContent, first, rowA, a, CancellationToken.None)).Should().BeNull();
        log.Errors.Should().HaveCount(4, "an erased conversation is not an error");
    }

    [Fact]
    public async Task The_search_key_is_shared_by_nodes_so_tokens_match_across_them()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var master = RandomNumberGenerator.GetBytes(32);
        ContentProtection Node() => new(new EncryptionOptions { Enabled = true }, new KeyStore(new MasterKeyRing(master), database.CreateContext, TimeProvider.System), new ListLogger());

        var stored = await Node().IndexTermsAsync(["hello", "world"], CancellationToken.None);
        var word = await Node().QueryTokenAsync("world", asPrefix: false, CancellationToken.None);
        var prefix = await Node().QueryTokenAsync("hel", asPrefix: true, CancellationToken.None);

        stored.Split(' ').Should().Contain(word!.Value.Token).And.Contain(prefix!.Value.Token);
        stored.Should().NotContain("hello").And.NotContain("world");
        (await Node().QueryTokenAsync("he", asPrefix: true, CancellationToken.None)).Should().BeNull();
    }

    private static async Task<(Guid, Guid)> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        var owner = User.Register("protector", null, "not-a-real-hash", now);
        var other = User.Register("protected", null, "not-a-real-hash", now);
        var first = Conversation.StartGroup(owner.Id, "one", [other.Id], now);
        var second = Conversation.StartGroup(owner.Id, "two", [other.Id], now);
        db.AddRange(owner, other, first, second);
        foreach (var entity in db.ChangeTracker.Entries<Chat.Domain.Common.Entity>())
        {
            entity.Entity.ClearDomainEvents();
        }

        await db.SaveChangesAsync();
        return (first.Id, second.Id);
    }

    private sealed class ListLogger : ILogger<ContentProtection>
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error)
            {
                Errors.Add(formatter(state, exception));
            }
        }
    }
}

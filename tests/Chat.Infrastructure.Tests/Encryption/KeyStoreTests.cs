using System.Security.Cryptography;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using Chat.Infrastructure.Encryption;
using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Chat.Infrastructure.Tests.Encryption;

public sealed class KeyStoreTests
{
    [Fact]
    public Task Data_keys_are_created_once_stored_wrapped_and_survive_a_restart_on_sqlite() => KeysAreStoredOnceAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Data_keys_are_created_once_stored_wrapped_and_survive_a_restart_on_postgres() => KeysAreStoredOnceAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task Rotation_rewraps_every_key_so_the_old_master_key_can_be_dropped()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var conversations = await SeedConversationsAsync(database, 3);
        var oldKey = RandomNumberGenerator.GetBytes(32);
        var newKey = RandomNumberGenerator.GetBytes(32);
        var before = new KeyStore(new MasterKeyRing(oldKey), database.CreateContext, TimeProvider.System);
        var dataKeys = new List<byte[]>();
        foreach (var id in conversations)
        {
            dataKeys.Add((await before.SealingKeyAsync(id, CancellationToken.None)).Key);
        }

        var searchKey = await before.SearchKeyAsync(CancellationToken.None);

        var progress = new List<int>();
        var rotated = await new KeyStore(new MasterKeyRing(newKey, oldKey), database.CreateContext, TimeProvider.System).RewrapAsync(2, progress.Add, CancellationToken.None);

        rotated.Should().Be(4, "three conversation keys and the search key");
        progress.Should().NotBeEmpty().And.BeInAscendingOrder();
        var after = new KeyStore(new MasterKeyRing(newKey), database.CreateContext, TimeProvider.System);
        for (var i = 0; i < conversations.Count; i++)
        {
            (await after.OpeningKeyAsync(conversations[i], KeyStore.CurrentVersion, CancellationToken.None)).Should().Equal(dataKeys[i]);
        }

        (await after.SearchKeyAsync(CancellationToken.None)).Should().Equal(searchKey);
        (await new KeyStore(new MasterKeyRing(newKey), database.CreateContext, TimeProvider.System).RewrapAsync(2, null, CancellationToken.None)).Should().Be(0, "nothing is left to re-wrap");
    }

    [Fact]
    public async Task Erasing_a_conversations_key_or_deleting_the_conversation_leaves_its_sealed_rows_unreadable()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var conversations = await SeedConversationsAsync(database, 2);
        var master = RandomNumberGenerator.GetBytes(32);
        var store = new KeyStore(new MasterKeyRing(master), database.CreateContext, TimeProvider.System);
        var (key, version) = await store.SealingKeyAsync(conversations[0], CancellationToken.None);
        var messageId = Guid.NewGuid();
        var saved = SealedContent.Seal(key, (uint)version, SealPurpose.MessageContent, conversations[0], messageId, "meet at noon"u8);
        await store.SealingKeyAsync(conversations[1], CancellationToken.None);

        await store.EraseAsync(conversations[0], CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            await db.Set<Conversation>().Where(c => c.Id == conversations[1]).ExecuteDeleteAsync();
        }

        var restarted = new KeyStore(new MasterKeyRing(master), database.CreateContext, TimeProvider.System);
        (await restarted.OpeningKeyAsync(conversations[0], version, CancellationToken.None)).Should().BeNull();
        (await restarted.OpeningKeyAsync(conversations[1], version, CancellationToken.None)).Should().BeNull("the key row cascades with its conversation");
        await using var check = database.CreateContext();
        var remaining = await check.Set<ConversationKey>().AsNoTracking().ToListAsync();
        remaining.Should().BeEmpty();
        // Nothing left in the database opens the saved copy: neither any remaining key nor the master key itself.
        SealedContent.TryOpen(master, SealPurpose.MessageContent, conversations[0], messageId, saved, out _).Should().BeFalse();
    }

    [Fact]
    public void The_key_file_is_created_with_mode_0600_reused_and_bad_files_stop_the_start()
    {
        var directory = Directory.CreateTempSubdirectory("chat-keys").FullName;
        var options = new EncryptionOptions { Enabled = true };

        var first = MasterKeySource.Load(options, directory);
        var second = MasterKeySource.Load(options, directory);

        second.CurrentId.Should().Be(first.CurrentId);
        var path = MasterKeySource.KeyFilePath(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, "not base64!");
        var garbage = () => MasterKeySource.Load(options, directory);
        garbage.Should().Throw<StartupFailure>().Which.Code.Should().Be(ExitCode.KeyMaterial);
        File.WriteAllText(path, Convert.ToBase64String(new byte[16]));
        garbage.Should().Throw<StartupFailure>().Which.Message.Should().Contain("16 bytes");

        var configured = new EncryptionOptions { MasterKey = "c2hvcnQ=" };
        configured.Invoking(o => MasterKeySource.Load(o, directory)).Should().Throw<StartupFailure>().Which.Message.Should().Contain("Chat:Encryption:MasterKey").And.NotContain("c2hvcnQ=");
    }

    private static async Task KeysAreStoredOnceAsync(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var conversation = (await SeedConversationsAsync(database, 1))[0];
        var master = RandomNumberGenerator.GetBytes(32);

        // Two nodes asking at once end up with one key.
        var nodeA = new KeyStore(new MasterKeyRing(master), database.CreateContext, TimeProvider.System);
        var nodeB = new KeyStore(new MasterKeyRing(master), database.CreateContext, TimeProvider.System);
        var keys = await Task.WhenAll(nodeA.SealingKeyAsync(conversation, CancellationToken.None), nodeB.SealingKeyAsync(conversation, CancellationToken.None));
        var restarted = new KeyStore(new MasterKeyRing(master), database.CreateContext, TimeProvider.System);
        var reread = await restarted.OpeningKeyAsync(conversation, keys[0].Version, CancellationToken.None);

        reread.Should().NotBeNull();
        keys.Select(k => Convert.ToHexString(k.Key)).Distinct().Should().ContainSingle().Which.Should().Be(Convert.ToHexString(reread!));
        await using var db = database.CreateContext();
        var stored = await db.Set<ConversationKey>().AsNoTracking().SingleAsync();
        stored.WrappedKey.AsSpan().IndexOf(reread).Should().Be(-1, "only the wrapped form is stored");
        stored.MasterKeyId.Should().Be(unchecked((long)MasterKeyRing.IdOf(master)));
    }

    private static async Task<List<Guid>> SeedConversationsAsync(TestDatabase database, int count)
    {
        await using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        var owner = User.Register("keyowner", null, "not-a-real-hash", now);
        var other = User.Register("keyother", null, "not-a-real-hash", now);
        var conversations = Enumerable.Range(0, count).Select(i => Conversation.StartGroup(owner.Id, $"c{i}", [other.Id], now)).ToList();
        db.AddRange(owner, other);
        db.AddRange(conversations);
        foreach (var entity in db.ChangeTracker.Entries<Chat.Domain.Common.Entity>())
        {
            entity.Entity.ClearDomainEvents();
        }

        await db.SaveChangesAsync();
        return conversations.Select(c => c.Id).ToList();
    }
}

public sealed class MasterKeyRotationTests
{
    [Fact]
    public async Task Rotating_the_key_file_rewraps_every_key_retires_the_old_file_and_an_interrupted_run_resumes()
    {
        await using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        var directory = database.Directory!;
        var options = new EncryptionOptions { Enabled = true };
        var before = new KeyStore(MasterKeySource.Load(options, directory), database.CreateContext, TimeProvider.System);
        var conversation = await SeedAsync(database);
        var dataKey = (await before.SealingKeyAsync(conversation, CancellationToken.None)).Key;
        var oldFile = MasterKeySource.ReadFile(MasterKeySource.KeyFilePath(directory));

        // An interrupted run left its new key behind: the next run must use that same key.
        var pending = MasterKeySource.Create(MasterKeySource.KeyFilePath(directory) + ".next");
        var rewrapped = await MasterKeyRotation.RunAsync(options, directory, database.CreateContext, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);

        rewrapped.Should().Be(1);
        MasterKeySource.ReadFile(MasterKeySource.KeyFilePath(directory)).Should().Equal(pending);
        File.Exists(MasterKeySource.KeyFilePath(directory) + ".next").Should().BeFalse();
        File.Exists($"{MasterKeySource.KeyFilePath(directory)}.retired-{MasterKeyRing.IdOf(oldFile):x16}").Should().BeTrue();

        // Data written under the old key reads back under the new one alone, once the retired file is deleted.
        File.Delete($"{MasterKeySource.KeyFilePath(directory)}.retired-{MasterKeyRing.IdOf(oldFile):x16}");
        var after = new KeyStore(MasterKeySource.Load(options, directory), database.CreateContext, TimeProvider.System);
        (await after.OpeningKeyAsync(conversation, KeyStore.CurrentVersion, CancellationToken.None)).Should().Equal(dataKey);
    }

    private static async Task<Guid> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        var owner = User.Register("rotator", null, "not-a-real-hash", now);
        var other = User.Register("rotated", null, "not-a-real-hash", now);
        var conversation = Conversation.StartGroup(owner.Id, "rotation", [other.Id], now);
        db.AddRange(owner, other, conversation);
        foreach (var entity in db.ChangeTracker.Entries<Chat.Domain.Common.Entity>())
        {
            entity.Entity.ClearDomainEvents();
        }

        await db.SaveChangesAsync();
        return conversation.Id;
    }
}

using System.Net.Http.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Encryption;
using Chat.Infrastructure.Hosting;
using Chat.TestSupport;

namespace Chat.Api.Tests.Encryption;

/// <summary>The <c>rotate-key</c> verb and the start-up rules of encryption at rest (docs/encryption.md).</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task Messages_written_under_the_old_master_key_are_read_under_the_new_one_with_the_old_key_file_deleted()
    {
        await using var before = await ConversationApiFactory.CreateAsync(EncryptionScenarios.Settings());
        var users = await before.FriendsAsync(2, "rotate");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        await users[0].SendAsync(direct, "written under the old key");
        var sentBytes = AttachmentApi.Text("a file sent before the rotation " + Guid.NewGuid());
        var sentFile = await users[0].UploadAsync(sentBytes, "sent.txt");
        (await users[0].SendWithAttachmentsAsync(direct, null, sentFile.Id())).EnsureSuccessStatusCode();
        var unsentBytes = AttachmentApi.Text("a file still unsent during the rotation " + Guid.NewGuid());
        var unsentFile = await users[0].UploadAsync(unsentBytes, "unsent.txt");
        var keyFile = MasterKeySource.KeyFilePath(before.DataDirectory);
        var oldId = MasterKeyRing.IdOf(MasterKeySource.ReadFile(keyFile));

        var settings = ChatProcess.SettingsOf(before);
        settings["Chat:Encryption:Enabled"] = "true";
        var rotation = await ChatProcess.RunAsync(settings, "rotate-key");
        rotation.ExitCode.Should().Be(0, rotation.StandardError + rotation.StandardOutput);
        rotation.StandardOutput.Should().Contain("Re-wrapped 2 data keys", "the conversation's key and the search key");
        rotation.StandardOutput.Should().Contain("Re-wrapped the file keys of 1 unsent uploads", "a sent file's key follows its conversation's key");

        MasterKeyRing.IdOf(MasterKeySource.ReadFile(keyFile)).Should().NotBe(oldId);
        var retired = Directory.GetFiles(before.DataDirectory, EncryptionOptions.DefaultKeyFile + ".retired-*").Should().ContainSingle().Subject;
        File.Delete(retired);

        // A restart: a new server over the same database and data directory, with only the new key.
        await using var after = new ConversationApiFactory(before.Database, EncryptionScenarios.Settings());
        var bob = users[1] with { Client = TestUser.Authorize(after.CreateClient(), users[1].AccessToken) };
        (await bob.HistoryAsync(direct)).GetProperty("items")[0].GetProperty("content").GetString().Should().Be("written under the old key");
        (await bob.GetJsonAsync("/api/v1/search/messages?q=written")).GetProperty("items").GetArrayLength().Should().Be(1, "the search key was re-wrapped too");
        await bob.SendAsync(direct, "and a new one under the new key");
        (await bob.HistoryAsync(direct)).GetProperty("items").GetArrayLength().Should().Be(3);

        // Files: the sent one opens through the re-wrapped conversation key, the unsent one through its re-wrapped file key.
        var alice = users[0] with { Client = TestUser.Authorize(after.CreateClient(), users[0].AccessToken) };
        (await alice.SendWithAttachmentsAsync(direct, "sent after the rotation", unsentFile.Id())).EnsureSuccessStatusCode();
        (await bob.Client.GetByteArrayAsync(sentFile.GetProperty("url").GetString())).Should().Equal(sentBytes);
        (await bob.Client.GetByteArrayAsync(unsentFile.GetProperty("url").GetString())).Should().Equal(unsentBytes);
        (await bob.HistoryAsync(direct)).GetProperty("items").EnumerateArray().SelectMany(m => m.GetProperty("attachments").EnumerateArray())
            .Select(a => a.GetProperty("fileName").GetString()).Should().BeEquivalentTo(["sent.txt", "unsent.txt"]);
    }

    [Fact]
    public async Task Switching_encryption_off_over_encrypted_rows_is_refused_at_start()
    {
        await using var on = await ConversationApiFactory.CreateAsync(EncryptionScenarios.Settings());
        var users = await on.FriendsAsync(2, "off");
        await users[0].SendAsync((await users[0].StartDirectAsync(users[1])).Id(), "sealed");

        var settings = ChatProcess.SettingsOf(on);
        settings["Chat:Encryption:Enabled"] = "false";
        var outcome = await ChatProcess.RunAsync(settings);
        outcome.ExitCode.Should().Be((int)ExitCode.Configuration, outcome.StandardError + outcome.StandardOutput);
        outcome.StandardError.Should().Contain("Chat:Encryption:Enabled is off but the database holds encrypted messages");
    }
}

/// <summary>Switching encryption on over a database with messages (docs/encryption.md "Switching on").</summary>
public sealed class SwitchingOnTests
{
    [Fact]
    public async Task Existing_messages_are_sealed_in_the_background_and_an_interrupted_job_resumes()
    {
        await using var plain = await ConversationApiFactory.CreateAsync(Attachments.AttachmentApi.Settings());
        var users = await plain.FriendsAsync(2, "switch");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await users[0].SendAsync(direct, $"old lantern message {i}")).Id());
        }

        (await users[0].Client.PatchAsJsonAsync($"/api/v1/messages/{ids[0]}", new { content = "old lantern message 0, edited" })).EnsureSuccessStatusCode();

        // Interrupted: one batch of two, then the job stops.
        var options = new EncryptionOptions { Enabled = true };
        var protection = new ContentProtection(
            options, new KeyStore(MasterKeySource.Load(options, plain.DataDirectory), plain.Database.CreateContext, TimeProvider.System), NullLogger<ContentProtection>.Instance);
        var interrupted = new ExistingRowSealer(protection, plain.Database.CreateContext, NullLogger<ExistingRowSealer>.Instance);
        (await interrupted.RunBatchAsync(2, CancellationToken.None)).Should().Be(2);
        interrupted.Progress.Should().Be(new SealingProgress(2, 3));
        (await UnsealedAsync(plain)).Should().Be(3);

        // Resumed: a server with encryption on goes on from what is left, and serves sealed and unsealed rows alike meanwhile.
        var settings = Admin.AdminApiTests.AdminSettings(EncryptionScenarios.Settings());
        settings["Chat:Encryption:SealBatchSize"] = "2";
        settings["Chat:Encryption:SealPauseMilliseconds"] = "0";
        await using var on = new ConversationApiFactory(plain.Database, settings);
        var bob = users[1] with { Client = TestUser.Authorize(on.CreateClient(), users[1].AccessToken) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await UnsealedAsync(plain) > 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the job seals what is left");
            await Task.Delay(50);
        }

        var admin = await Admin.AdminApiTests.LoginAdminAsync(on);
        var progress = (await admin.GetJsonAsync("/api/v1/admin/stats")).GetProperty("encryption");
        progress.GetProperty("sealed").GetInt64().Should().Be(3, "the resumed job sealed what the interrupted one left");
        progress.GetProperty("remaining").GetInt64().Should().Be(0);

        var history = (await bob.HistoryAsync(direct)).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("content").GetString()).ToList();
        history.Should().Equal("old lantern message 0, edited", "old lantern message 1", "old lantern message 2", "old lantern message 3", "old lantern message 4");
        (await bob.GetJsonAsync($"/api/v1/messages/{ids[0]}/edits")).EnumerateArray().Single().GetProperty("content").GetString().Should().Be("old lantern message 0");
        (await bob.GetJsonAsync("/api/v1/search/messages?q=lantern")).GetProperty("items").GetArrayLength().Should().Be(5);
        (await bob.GetJsonAsync("/api/v1/search/messages?q=lant")).GetProperty("items").GetArrayLength().Should().Be(5);

        await using var db = plain.Database.CreateContext();
        (await db.Set<Message>().Where(m => m.Content != null).CountAsync()).Should().Be(0);
        (await db.Set<MessageEdit>().Where(e => e.Content != "").CountAsync()).Should().Be(0);
        (await db.Set<MessageSearchEntry>().Where(e => e.Terms.Contains("lantern")).CountAsync()).Should().Be(0, "the search rows hold tokens now");
    }

    private static async Task<int> UnsealedAsync(ChatApiFactory factory)
    {
        await using var db = factory.Database.CreateContext();
        return await db.Set<Message>().CountAsync(m => EF.Property<byte[]?>(m, SealedColumns.Content) == null && m.Content != null);
    }
}

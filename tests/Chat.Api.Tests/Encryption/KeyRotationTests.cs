using Chat.Api.Tests.Conversations;
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
        var keyFile = MasterKeySource.KeyFilePath(before.DataDirectory);
        var oldId = MasterKeyRing.IdOf(MasterKeySource.ReadFile(keyFile));

        var settings = ChatProcess.SettingsOf(before);
        settings["Chat:Encryption:Enabled"] = "true";
        var rotation = await ChatProcess.RunAsync(settings, "rotate-key");
        rotation.ExitCode.Should().Be(0, rotation.StandardError + rotation.StandardOutput);
        rotation.StandardOutput.Should().Contain("Re-wrapped 2 data keys", "the conversation's key and the search key");

        MasterKeyRing.IdOf(MasterKeySource.ReadFile(keyFile)).Should().NotBe(oldId);
        var retired = Directory.GetFiles(before.DataDirectory, EncryptionOptions.DefaultKeyFile + ".retired-*").Should().ContainSingle().Subject;
        File.Delete(retired);

        // A restart: a new server over the same database and data directory, with only the new key.
        await using var after = new ConversationApiFactory(before.Database, EncryptionScenarios.Settings());
        var bob = users[1] with { Client = TestUser.Authorize(after.CreateClient(), users[1].AccessToken) };
        (await bob.HistoryAsync(direct)).GetProperty("items")[0].GetProperty("content").GetString().Should().Be("written under the old key");
        (await bob.GetJsonAsync("/api/v1/search/messages?q=written")).GetProperty("items").GetArrayLength().Should().Be(1, "the search key was re-wrapped too");
        await bob.SendAsync(direct, "and a new one under the new key");
        (await bob.HistoryAsync(direct)).GetProperty("items").GetArrayLength().Should().Be(2);
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

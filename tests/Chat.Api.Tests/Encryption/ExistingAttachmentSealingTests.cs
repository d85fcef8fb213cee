using System.Net;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Chat.Infrastructure.Encryption;
using Chat.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Api.Tests.Encryption;

/// <summary>Switching encryption on over a database with attachments (docs/encryption.md "Switching on").</summary>
public sealed class ExistingAttachmentSealingTests
{
    [Fact]
    public async Task Existing_files_and_names_are_sealed_in_the_background_and_an_interrupted_job_resumes()
    {
        await using var plain = await ConversationApiFactory.CreateAsync(AttachmentApi.Settings());
        var users = await plain.FriendsAsync(2, "sealfiles");
        var (alice, bob) = (users[0], users[1]);
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var (marker, nameWord) = ("zq" + Guid.NewGuid().ToString("N")[..10], "zn" + Guid.NewGuid().ToString("N")[..10]);
        var files = new[] { "with text", "files only", "unsent" }.ToDictionary(kind => kind, kind => Encoding.UTF8.GetBytes($"{marker} {kind} " + new string('x', 70_000)));
        var withText = await alice.UploadAsync(files["with text"], $"{nameWord} one.txt");
        var filesOnly = await alice.UploadAsync(files["files only"], $"{nameWord} two.txt");
        var unsent = await alice.UploadAsync(files["unsent"], $"{nameWord} three.txt");
        var duplicate = await bob.UploadAsync(files["with text"], "same bytes.txt");
        (await alice.SendWithAttachmentsAsync(direct, "the minutes", withText.Id())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await alice.SendWithAttachmentsAsync(direct, null, filesOnly.Id())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await UnsealedAsync(plain)).Should().Be(4);

        // Interrupted: one attachment (the oldest), then the job stops.
        var options = new EncryptionOptions { Enabled = true };
        var ring = MasterKeySource.Load(options, plain.DataDirectory);
        var keys = new KeyStore(ring, plain.Database.CreateContext, TimeProvider.System);
        var interrupted = new ExistingAttachmentSealer(
            new AttachmentProtection(options, ring, keys, NullLogger<AttachmentProtection>.Instance),
            new ContentProtection(options, keys, NullLogger<ContentProtection>.Instance),
            new LocalFileStore(plain.DataDirectory), plain.Database.CreateContext, TimeProvider.System, NullLogger<ExistingAttachmentSealer>.Instance);
        (await interrupted.RunBatchAsync(1, CancellationToken.None)).Should().Be(1);
        interrupted.Progress.Should().Be((1L, (long?)3));
        (await UnsealedAsync(plain)).Should().Be(3);

        // Resumed by a server with encryption on (messages first, then attachments).
        var settings = Admin.AdminApiTests.AdminSettings(EncryptionScenarios.Settings());
        settings["Chat:Encryption:SealBatchSize"] = "1";
        settings["Chat:Encryption:SealPauseMilliseconds"] = "0";
        await using var on = new ConversationApiFactory(plain.Database, settings);
        var (alice2, bob2) = (alice with { Client = TestUser.Authorize(on.CreateClient(), alice.AccessToken) }, bob with { Client = TestUser.Authorize(on.CreateClient(), bob.AccessToken) });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await UnsealedAsync(plain) > 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the job seals what is left");
            await Task.Delay(50);
        }

        var admin = await Admin.AdminApiTests.LoginAdminAsync(on);
        var counted = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var progress = (await admin.GetJsonAsync("/api/v1/admin/stats")).GetProperty("encryption");
        while (progress.GetProperty("attachmentsRemaining").ValueKind == JsonValueKind.Null || progress.GetProperty("attachmentsRemaining").GetInt64() > 0)
        {
            DateTime.UtcNow.Should().BeBefore(counted, "the job reports that no attachment is left");
            await Task.Delay(50);
            progress = (await admin.GetJsonAsync("/api/v1/admin/stats")).GetProperty("encryption");
        }

        progress.GetProperty("attachmentsSealed").GetInt64().Should().Be(3, "the resumed job sealed the three the interrupted one left");

        (await alice2.SendWithAttachmentsAsync(direct, null, unsent.Id())).StatusCode.Should().Be(HttpStatusCode.Created, "an upload sealed while unsent is sent as any other");
        foreach (var (upload, bytes) in new[] { (withText, files["with text"]), (filesOnly, files["files only"]), (unsent, files["unsent"]) })
        {
            (await bob2.Client.GetByteArrayAsync(upload.GetProperty("url").GetString())).Should().Equal(bytes);
        }

        (await bob2.Client.GetByteArrayAsync(duplicate.GetProperty("url").GetString())).Should().Equal(files["with text"]);
        var names = (await bob2.HistoryAsync(direct)).GetProperty("items").EnumerateArray()
            .SelectMany(m => m.GetProperty("attachments").EnumerateArray()).Select(a => a.GetProperty("fileName").GetString());
        names.Should().Equal($"{nameWord} one.txt", $"{nameWord} two.txt", $"{nameWord} three.txt");
        (await bob2.GetJsonAsync($"/api/v1/search/messages?q={nameWord}")).GetProperty("items").GetArrayLength()
            .Should().Be(3, "the message with text (sealed with it), the one of files only (re-indexed with its file) and the one sent now");

        await plain.CleanUpAsync();
        var stored = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(plain.DataDirectory, "files"), "*", SearchOption.AllDirectories))
        {
            stored.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        }

        stored.ToString().Should().NotContain(marker, "the plaintext files went with their last reference");
        // The job's last step (SQLite: FTS5 optimize, VACUUM) removes the remnants of the plaintext rows and index terms.
        var purged = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await EncryptionScenarios.StoredTextAsync(plain)).Contains(nameWord, StringComparison.Ordinal))
        {
            DateTime.UtcNow.Should().BeBefore(purged, "no plaintext name is left in the database file");
            await Task.Delay(100);
        }
        (await plain.QueryAsync(db => db.Set<StoredFile>().CountAsync(f => f.ReferenceCount <= 0))).Should().Be(0);
    }

    private static Task<int> UnsealedAsync(ChatApiFactory factory) =>
        factory.QueryAsync(db => db.Set<Attachment>().CountAsync(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) == null));
}

using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using Chat.Infrastructure.Encryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Api.Tests.Encryption;

/// <summary>
/// Attachments encrypted at rest through the API (docs/encryption.md "Attachments"), and erasure by a channel's or a
/// room's deletion; written once and run on SQLite and PostgreSQL.
/// </summary>
public sealed class EncryptedAttachmentScenarios(ConversationApiFactory factory)
{
    public async Task Files_are_served_as_uploaded_through_every_read_path()
    {
        var users = await factory.FriendsAsync(2, "sfile");
        var (alice, bob) = (users[0], users[1]);
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var nameWord = Word("zn");
        var bytes = Report(Word("zq"));
        var name = $"{nameWord} quarterly report.txt";

        var upload = await alice.UploadAsync(bytes, name);
        upload.GetProperty("fileName").GetString().Should().Be(name);
        upload.GetProperty("size").GetInt64().Should().Be(bytes.Length);
        var url = upload.GetProperty("url").GetString()!;
        (await DownloadAsync(alice, url)).Should().Equal(bytes, "the uploader reads an unsent upload");

        var response = await alice.SendWithAttachmentsAsync(direct, "see the report", upload.Id());
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var sent = await response.ReadJsonAsync();
        FileNames(sent).Should().Equal(name);
        FileNames((await bob.HistoryAsync(direct)).GetProperty("items")[0]).Should().Equal(name);
        FileNames(await bob.GetJsonAsync($"/api/v1/messages/{sent.Id()}")).Should().Equal(name);
        factory.Notifier.OfType("new_message").Select(n => n.Event.GetProperty("message")).Where(m => m.Id() == sent.Id())
            .Should().NotBeEmpty().And.OnlyContain(m => FileNames(m).SequenceEqual(new[] { name }));

        var full = await bob.Client.GetAsync(url);
        full.StatusCode.Should().Be(HttpStatusCode.OK);
        (await full.Content.ReadAsByteArrayAsync()).Should().Equal(bytes, "the key now follows the conversation; the bytes are the same");
        full.Content.Headers.ContentDisposition!.FileNameStar.Should().Be(name);
        full.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        full.Headers.AcceptRanges.Should().Contain("bytes");

        // Ranges seek through the sealed chunks (64 KiB each): one across the boundary, one in the second chunk only.
        foreach (var (from, to) in new (long, long)[] { (65_530, 65_545), (80_000, 80_009), (2, 5) })
        {
            using var ranged = new HttpRequestMessage(HttpMethod.Get, url);
            ranged.Headers.Range = new RangeHeaderValue(from, to);
            var partial = await bob.Client.SendAsync(ranged);
            partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
            (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(bytes[(int)from..((int)to + 1)]);
            partial.Content.Headers.ContentRange!.ToString().Should().Be($"bytes {from}-{to}/{bytes.Length}");
        }

        // Search by a word of the file name (blind-index tokens), also after an edit rebuilt the message's search row.
        (await SearchAsync(bob, nameWord)).Should().Equal(sent.Id());
        (await alice.Client.PatchAsJsonAsync($"/api/v1/messages/{sent.Id()}", new { content = "see the final report" })).EnsureSuccessStatusCode();
        (await SearchAsync(bob, nameWord)).Should().Equal(sent.Id());
        (await SearchAsync(bob, $"{nameWord} quarter")).Should().Equal(sent.Id());

        // The account export holds the opened file under its name.
        var export = await alice.Client.GetAsync("/api/v1/users/me/export");
        export.StatusCode.Should().Be(HttpStatusCode.OK, await export.Content.ReadAsStringAsync());
        using var zip = new ZipArchive(new MemoryStream(await export.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        await using (var entry = zip.GetEntry($"attachments/{upload.Id()}/{name}")!.Open())
        {
            var copy = new MemoryStream();
            await entry.CopyToAsync(copy);
            copy.ToArray().Should().Equal(bytes);
        }

        using var messages = new StreamReader(zip.GetEntry("messages.json")!.Open());
        (await messages.ReadToEndAsync()).Should().Contain(name);
    }

    public async Task Stored_files_and_rows_hold_neither_the_bytes_nor_the_file_names()
    {
        var plain = await ConversationApiFactory.CreateAsync(factory.Database.Provider, AttachmentApi.Settings());
        await using (plain)
        {
            var (marker, nameWord) = (Word("zq"), Word("zn"));
            await WriteFileAsync(plain, marker, nameWord);
            StoredFilesText(plain).Should().Contain(marker, "without encryption the stored file holds the bytes (the scan can see them)");
            (await EncryptionScenarios.StoredTextAsync(plain)).Should().Contain(nameWord, "without encryption the rows hold the name");

            var id = await WriteFileAsync(factory, marker, nameWord);
            StoredFilesText(factory).Should().NotContain(marker);
            Directory.GetFiles(Path.Combine(factory.DataDirectory, "files", "staging")).Should().BeEmpty("the plaintext staging file is removed");
            var rows = await EncryptionScenarios.StoredTextAsync(factory);
            rows.Should().NotContain(nameWord).And.NotContain(marker);
            var sealedRow = await factory.QueryAsync(db => db.Set<Attachment>().Where(a => a.Id == id)
                .Select(a => new { a.FileName, a.Sha256, Key = EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) }).SingleAsync());
            sealedRow.FileName.Should().BeEmpty();
            sealedRow.Key.Should().NotBeNull();
            rows.Should().NotContain(AttachmentApi.Sha256Of(Report(marker)), "the file's hash is not stored either (it would confirm a guessed file)");
        }
    }

    public async Task A_damaged_or_swapped_stored_file_is_refused_and_never_served()
    {
        var users = await factory.FriendsAsync(2, "sdamage");
        var (alice, bob) = (users[0], users[1]);
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var bytes = Report(Word("zq"));
        var first = await alice.UploadAsync(bytes, "first.txt");
        var second = await alice.UploadAsync(AttachmentApi.Text("another file " + Guid.NewGuid()), "second.txt");
        (await alice.SendWithAttachmentsAsync(direct, "two files", first.Id(), second.Id())).StatusCode.Should().Be(HttpStatusCode.Created);
        var url = first.GetProperty("url").GetString()!;
        var path = await StoredPathAsync(first.Id());
        var original = await File.ReadAllBytesAsync(path);

        // A flipped bit in the first chunk: a clear answer, before any byte.
        await File.WriteAllBytesAsync(path, Flipped(original, FileCipher.HeaderSize + 10));
        await (await bob.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Gone, "attachment_unreadable");

        // A flipped bit in the last chunk: the first chunk's bytes are served, the transfer of the whole file is cut off
        // before the damaged chunk (its bytes are never sent).
        await File.WriteAllBytesAsync(path, Flipped(original, original.Length - 5));
        using (var head = new HttpRequestMessage(HttpMethod.Get, url))
        {
            head.Headers.Range = new RangeHeaderValue(0, 9);
            var partial = await bob.Client.SendAsync(head);
            (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(bytes[..10]);
        }

        var whole = async () => await (await bob.Client.GetAsync(url)).Content.ReadAsByteArrayAsync();
        await whole.Should().ThrowAsync<Exception>("the body stops at the chunk that fails its check");

        // Another attachment's sealed file in its place: bound to its own attachment, it does not open as this one.
        await File.WriteAllBytesAsync(path, await File.ReadAllBytesAsync(await StoredPathAsync(second.Id())));
        await (await bob.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Gone, "attachment_unreadable");

        // Its bytes back, but another attachment's file key in its row: refused too, and its name is not shown.
        await File.WriteAllBytesAsync(path, original);
        (await DownloadAsync(bob, url)).Should().Equal(bytes);
        var keys = await factory.QueryAsync(db => db.Set<Attachment>().Where(a => a.Id == first.Id() || a.Id == second.Id())
            .Select(a => new { a.Id, Key = EF.Property<byte[]>(a, SealedAttachmentColumns.FileKey) }).ToDictionaryAsync(a => a.Id, a => a.Key));
        await factory.QueryAsync(db => db.Set<Attachment>().Where(a => a.Id == first.Id())
            .ExecuteUpdateAsync(s => s.SetProperty(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey), keys[second.Id()])));
        await (await bob.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.Gone, "attachment_unreadable");
        FileNames((await bob.HistoryAsync(direct)).GetProperty("items")[0]).Should().Equal("file", "second.txt");
    }

    public async Task Deleting_a_channel_or_a_room_erases_its_keys_and_saved_copies_of_its_rows_and_files_stay_unreadable()
    {
        var owner = await factory.RegisterUserAsync("shred");
        var room = await owner.CreateRoomIdAsync("shred " + Word("r"));
        var general = await owner.GeneralChannelAsync(room);
        var doomed = await owner.CreateChannelAsync(room, "doomed");
        var otherRoom = await owner.CreateRoomIdAsync("kept " + Word("r"));
        var kept = await owner.GeneralChannelAsync(otherRoom);
        var files = new Dictionary<Guid, (Guid MessageId, Guid AttachmentId, byte[] Bytes)>();
        foreach (var channel in new[] { doomed, general, kept })
        {
            files[channel] = await SendFileAsync(owner, channel);
        }

        var backup = await BackupAsync(files);

        await (await owner.Client.DeleteAsync($"/api/v1/rooms/{room}/channels/{doomed}")).ShouldBeNoContentAsync();
        (await KeyCountAsync(doomed)).Should().Be(0, "the channel's data key went with it");
        (await KeyCountAsync(general)).Should().Be(1);
        await ShouldOpenOnlyAsync(backup, files, erased: [doomed]);

        await (await owner.Client.DeleteAsync($"/api/v1/rooms/{room}")).ShouldBeNoContentAsync();
        (await KeyCountAsync(general)).Should().Be(0, "the room's channels' keys went with the room");
        (await KeyCountAsync(kept)).Should().Be(1);
        await ShouldOpenOnlyAsync(backup, files, erased: [doomed, general]);

        // The erased files' rows are left unsent for the clean-up job; their uploader cannot open them either, even from
        // this process, which still holds the erased keys in memory.
        await (await owner.Client.GetAsync($"/api/v1/attachments/{files[general].AttachmentId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await DownloadAsync(owner, $"/api/v1/attachments/{files[kept].AttachmentId}")).Should().Equal(files[kept].Bytes);
    }

    /// <summary>A copy, taken before a delete, of the sealed rows and files of each conversation (the "backup").</summary>
    private sealed record Backup(Guid ConversationId, Guid MessageId, byte[] SealedContent, Guid AttachmentId, byte[] FileKey, byte[] SealedFileName, byte[] StoredFile);

    private async Task<List<Backup>> BackupAsync(Dictionary<Guid, (Guid MessageId, Guid AttachmentId, byte[] Bytes)> files)
    {
        var backup = new List<Backup>();
        foreach (var (conversationId, (messageId, attachmentId, _)) in files)
        {
            var content = await factory.QueryAsync(db => db.Set<Message>().Where(m => m.Id == messageId).Select(m => EF.Property<byte[]>(m, SealedColumns.Content)).SingleAsync());
            var row = await factory.QueryAsync(db => db.Set<Attachment>().Where(a => a.Id == attachmentId)
                .Select(a => new { Key = EF.Property<byte[]>(a, SealedAttachmentColumns.FileKey), Name = EF.Property<byte[]>(a, SealedAttachmentColumns.FileName) }).SingleAsync());
            var stored = await File.ReadAllBytesAsync(await StoredPathAsync(attachmentId));
            backup.Add(new Backup(conversationId, messageId, content, attachmentId, row.Key, row.Name, stored));
        }

        return backup;
    }

    /// <summary>Whoever holds the backup and the master key (a fresh process: no key cached) opens only what still has a key.</summary>
    private async Task ShouldOpenOnlyAsync(List<Backup> backup, Dictionary<Guid, (Guid MessageId, Guid AttachmentId, byte[] Bytes)> files, Guid[] erased)
    {
        var options = new EncryptionOptions { Enabled = true };
        var ring = MasterKeySource.Load(options, factory.DataDirectory);
        var keys = new KeyStore(ring, factory.Database.CreateContext, TimeProvider.System);
        var messages = new ContentProtection(options, keys, NullLogger<ContentProtection>.Instance);
        var attachments = new AttachmentProtection(options, ring, keys, NullLogger<AttachmentProtection>.Instance);
        foreach (var copy in backup)
        {
            var text = await messages.OpenAsync(ProtectedContent.MessageContent, copy.ConversationId, copy.MessageId, copy.SealedContent, CancellationToken.None);
            var name = await attachments.OpenFileNameAsync(copy.AttachmentId, copy.FileKey, copy.SealedFileName, CancellationToken.None);
            var (content, isErased) = await attachments.OpenContentAsync(copy.AttachmentId, copy.FileKey, sent: true, new MemoryStream(copy.StoredFile), CancellationToken.None);
            if (erased.Contains(copy.ConversationId))
            {
                text.Should().BeNull();
                name.Should().BeNull();
                content.Should().BeNull();
                isErased.Should().BeTrue("the file key was sealed under the erased data key");
            }
            else
            {
                text.Should().Be("a file in here");
                name.Should().Be("shredded.txt");
                await using var opened = content!;
                var read = new MemoryStream();
                await opened.CopyToAsync(read);
                read.ToArray().Should().Equal(files[copy.ConversationId].Bytes);
            }
        }
    }

    private async Task<(Guid MessageId, Guid AttachmentId, byte[] Bytes)> SendFileAsync(TestUser user, Guid conversationId)
    {
        var bytes = AttachmentApi.Text("the shredded file " + Guid.NewGuid());
        var upload = await user.UploadAsync(bytes, "shredded.txt");
        var response = await user.SendWithAttachmentsAsync(conversationId, "a file in here", upload.Id());
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.ReadJsonAsync()).Id(), upload.Id(), bytes);
    }

    private Task<int> KeyCountAsync(Guid conversationId) =>
        factory.QueryAsync(db => db.Set<ConversationKey>().CountAsync(k => k.ConversationId == conversationId));

    /// <summary>Uploads a file holding <paramref name="marker"/>, named after <paramref name="nameWord"/>, sends it and reads it back.</summary>
    private static async Task<Guid> WriteFileAsync(ConversationApiFactory server, string marker, string nameWord)
    {
        var users = await server.FriendsAsync(2, "sscan");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var upload = await users[0].UploadAsync(Report(marker), $"{nameWord}.txt");
        (await users[0].SendWithAttachmentsAsync(direct, "see attached", upload.Id())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await DownloadAsync(users[1], upload.GetProperty("url").GetString()!)).Should().Equal(Report(marker));
        (await SearchAsync(users[1], nameWord)).Should().HaveCount(1);
        return upload.Id();
    }

    /// <summary>Every stored file of the server (and any staging file left) as Latin-1 text.</summary>
    private static string StoredFilesText(ChatApiFactory server)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "files"), "*", SearchOption.AllDirectories))
        {
            text.Append(Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        }

        return text.ToString();
    }

    private async Task<string> StoredPathAsync(Guid attachmentId) =>
        factory.StoredPath(await factory.QueryAsync(db => db.Set<Attachment>().Where(a => a.Id == attachmentId).Select(a => a.Sha256).SingleAsync()));

    private static async Task<byte[]> DownloadAsync(TestUser user, string url)
    {
        var response = await user.Client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<List<Guid>> SearchAsync(TestUser user, string query) =>
        (await user.GetJsonAsync($"/api/v1/search/messages?q={Uri.EscapeDataString(query)}")).GetProperty("items").EnumerateArray().Select(m => m.Id()).ToList();

    private static IEnumerable<string?> FileNames(JsonElement message) =>
        message.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("fileName").GetString());

    /// <summary>About 90 KB of UTF-8 text (two sealed chunks) holding <paramref name="marker"/> on every line.</summary>
    private static byte[] Report(string marker)
    {
        var text = new StringBuilder();
        for (var line = 0; text.Length < 90_000; line++)
        {
            text.Append(marker).Append(" line ").Append(line).Append(" of the secret report\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Flipped(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static string Word(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];
}

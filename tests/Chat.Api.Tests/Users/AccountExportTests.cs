using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Users;

/// <summary><c>GET /api/v1/users/me/export</c>: a ZIP with every kind of item of the caller's, and only the caller's.</summary>
public sealed class AccountExportTests
{
    [Fact]
    public async Task The_export_holds_profile_friends_requests_blocks_rooms_conversations_own_messages_with_edits_and_attachment_bytes()
    {
        await using var factory = await ChatApiFactory.CreateAsync(AttachmentApi.Settings());
        var users = await factory.FriendsAsync(2, "export");
        var (me, friend) = (users[0], users[1]);
        var asked = await factory.RegisterUserAsync("asked");
        var blocked = await factory.RegisterUserAsync("blocked");
        await Friends.FriendApi.RequestFriendshipAsync(me, asked);
        (await Friends.FriendApi.BlockAsync(me, blocked.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await me.Client.PatchAsJsonAsync("/api/v1/users/me", new { bio = "exported bio" })).EnsureSuccessStatusCode();
        var roomId = await Rooms.RoomApi.CreateRoomIdAsync(me, "Exported room");

        var direct = (await me.StartDirectAsync(friend)).Id();
        var mine = await ConversationApi.SendAsync(me, direct, "first draft");
        (await me.Client.PatchAsJsonAsync($"/api/v1/messages/{mine.Id()}", new { content = "final words" })).EnsureSuccessStatusCode();
        var theirs = await ConversationApi.SendAsync(friend, direct, "not yours to export");
        var bytes = Encoding.UTF8.GetBytes("attached bytes");
        var attachment = (await me.UploadAsync(bytes, "notes.txt")).Id();
        var withFile = await (await me.SendWithAttachmentsAsync(direct, "see file", attachment)).ReadJsonAsync();

        var response = await me.Client.GetAsync("/api/v1/users/me/export");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("chat-export-");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var profile = Entry(zip, "profile.json");
        (profile.GetProperty("id").GetGuid(), profile.GetProperty("bio").GetString()).Should().Be((me.Id, "exported bio"));
        Entry(zip, "friends.json").EnumerateArray().Select(f => (f.GetProperty("userId").GetGuid(), f.GetProperty("status").GetString()))
            .Should().BeEquivalentTo([(friend.Id, "friends"), (asked.Id, "request_sent")]);
        Entry(zip, "blocks.json").EnumerateArray().Select(b => b.GetProperty("userId").GetGuid()).Should().Equal(blocked.Id);
        Entry(zip, "rooms.json").EnumerateArray().Select(r => (r.GetProperty("roomId").GetGuid(), r.GetProperty("role").GetString())).Should().Equal((roomId, "owner"));
        var conversations = Entry(zip, "conversations.json").EnumerateArray().ToList();
        conversations.Select(c => c.GetProperty("id").GetGuid()).Should().Contain(direct);
        conversations.Single(c => c.GetProperty("id").GetGuid() == direct).GetProperty("participants").EnumerateArray()
            .Select(p => p.GetProperty("userId").GetGuid()).Should().BeEquivalentTo([me.Id, friend.Id]);
        var messages = Entry(zip, "messages.json").EnumerateArray().ToList();
        messages.Select(m => m.GetProperty("id").GetGuid()).Should().BeEquivalentTo([mine.Id(), withFile.Id()], "only the caller's own messages")
            .And.NotContain(theirs.Id());
        var edited = messages.Single(m => m.GetProperty("id").GetGuid() == mine.Id());
        edited.GetProperty("content").GetString().Should().Be("final words");
        edited.GetProperty("edits")[0].GetProperty("previousContent").GetString().Should().Be("first draft");
        var file = messages.Single(m => m.GetProperty("id").GetGuid() == withFile.Id()).GetProperty("attachments")[0];
        (file.GetProperty("id").GetGuid(), file.GetProperty("fileName").GetString(), file.GetProperty("size").GetInt64()).Should().Be((attachment, "notes.txt", bytes.Length));
        using (var stored = zip.GetEntry(file.GetProperty("path").GetString()!)!.Open())
        using (var copy = new MemoryStream())
        {
            await stored.CopyToAsync(copy);
            copy.ToArray().Should().Equal(bytes);
        }

        Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "exports")).Should().BeEmpty("the archive is deleted once sent");
    }

    [Fact]
    public async Task Only_the_signed_in_user_gets_an_export_and_only_their_own()
    {
        await using var factory = await ChatApiFactory.CreateAsync();
        var alice = await factory.RegisterUserAsync("alice");
        var bob = await factory.RegisterUserAsync("bob");

        await (await factory.CreateClient().GetAsync("/api/v1/users/me/export")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        using var zip = new ZipArchive(new MemoryStream(await (await bob.Client.GetAsync("/api/v1/users/me/export")).Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Entry(zip, "profile.json").GetProperty("id").GetGuid().Should().Be(bob.Id);
        zip.Entries.Select(e => e.FullName).Should().NotContain(n => n.Contains(alice.Id.ToString()));
    }

    private static JsonElement Entry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        return JsonDocument.Parse(stream).RootElement.Clone();
    }
}

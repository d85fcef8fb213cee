using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Admin;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Domain.Attachments;
using Chat.Domain.Conversations;
using Chat.Domain.Friends;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Users;

/// <summary>
/// <c>DELETE /api/v1/users/me</c> and <c>DELETE /api/v1/admin/users/{id}</c> (rest.md "Deleting an account",
/// docs/decisions/0011): what goes (checked in the tables), what stays under the "deleted user" placeholder, and that the
/// other users' conversations, unread counts and <c>/changes</c> still read correctly.
/// </summary>
public sealed class AccountDeletionTests
{
    private static readonly byte[] UnsentBytes = Encoding.UTF8.GetBytes("never sent");

    [Fact]
    public Task Deleting_an_account_removes_what_is_personal_keeps_messages_under_the_placeholder_and_others_read_on() =>
        DeletionScenarioAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Deleting_an_account_on_Postgres_removes_what_is_personal_and_others_read_on() =>
        DeletionScenarioAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task A_wrong_or_missing_password_deletes_nothing()
    {
        await using var factory = await ChatApiFactory.CreateAsync();
        var user = await factory.RegisterUserAsync("careful");

        await (await DeleteMeAsync(user, "not-my-password")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "invalid_credentials");
        await (await DeleteMeAsync(user, null)).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await factory.CreateClient().SendAsync(DeleteMeRequest(ApiTestExtensions.Password))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        await using var db = factory.Database.CreateContext();
        (await db.Set<User>().SingleAsync(u => u.Id == user.Id)).DeletedAt.Should().BeNull();
    }

    [Fact]
    public async Task The_last_administrator_cannot_delete_themself_and_an_administrator_deletes_others_audited()
    {
        await using var factory = await ChatApiFactory.CreateAsync(AdminApiTests.AdminSettings());
        var admin = await AdminApiTests.LoginAdminAsync(factory);
        var user = await factory.RegisterUserAsync("abusive");

        await (await DeleteMeAsync(admin, ApiTestExtensions.Password)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "last_admin");
        await (await admin.Client.DeleteAsync($"/api/v1/admin/users/{admin.Id}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "cannot_target_self");
        await (await user.Client.DeleteAsync($"/api/v1/admin/users/{admin.Id}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        await (await admin.Client.DeleteAsync($"/api/v1/admin/users/{user.Id}?reason=spam")).ShouldBeNoContentAsync();

        (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await (await admin.Client.DeleteAsync($"/api/v1/admin/users/{user.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var audit = (await (await admin.Client.GetAsync($"/api/v1/admin/audit?targetId={user.Id}")).ReadJsonAsync()).GetProperty("items");
        audit.EnumerateArray().Select(r => (r.GetProperty("action").GetString(), r.GetProperty("reason").GetString())).Should().Equal(("user.delete", "spam"));
        (await admin.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the administrator is still there");
    }

    [Fact]
    public async Task The_username_stays_taken_through_the_quarantine_and_is_free_without_one()
    {
        await using (var factory = await ChatApiFactory.CreateAsync())
        {
            var user = await factory.RegisterUserAsync("held");
            await (await DeleteMeAsync(user, ApiTestExtensions.Password)).ShouldBeNoContentAsync();

            await (await RegisterAsync(factory, user.Username)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "username_taken");
            await (await RegisterAsync(factory, user.Username.ToUpperInvariant())).ShouldBeProblemAsync(HttpStatusCode.Conflict, "username_taken");
            (await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = user.Username, password = ApiTestExtensions.Password }))
                .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await using (var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?> { ["Chat:Accounts:UsernameQuarantineDays"] = "0" }))
        {
            var user = await factory.RegisterUserAsync("freed");
            await (await DeleteMeAsync(user, ApiTestExtensions.Password)).ShouldBeNoContentAsync();

            (await RegisterAsync(factory, user.Username)).StatusCode.Should().Be(HttpStatusCode.Created, "without a quarantine the name is free at once");
        }
    }

    private static async Task DeletionScenarioAsync(DatabaseProvider provider)
    {
        var settings = AttachmentApi.Settings();
        await using var factory = await ChatApiFactory.CreateAsync(provider, settings);
        var friends = await factory.FriendsAsync(3, "gone");
        var (gone, alice, bob) = (friends[0], friends[1], friends[2]);
        var carol = await factory.RegisterUserAsync("carol");
        var dave = await factory.RegisterUserAsync("dave");
        await Friends.FriendApi.RequestFriendshipAsync(gone, carol);
        (await Friends.FriendApi.BlockAsync(gone, dave.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Friends.FriendApi.BlockAsync(carol, gone.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        // A direct conversation with a history both wrote: an edited message, reactions both ways, a reply, an attachment.
        var direct = (await gone.StartDirectAsync(alice)).Id();
        var first = await ConversationApi.SendAsync(gone, direct, "first words findable");
        (await gone.Client.PatchAsJsonAsync($"/api/v1/messages/{first.Id()}", new { content = "first words findable, edited" })).EnsureSuccessStatusCode();
        var answer = await ConversationApi.SendAsync(alice, direct, "an answer", replyToId: first.Id());
        (await alice.Client.PostAsJsonAsync($"/api/v1/messages/{first.Id()}/reactions", new { emoji = "👍" })).EnsureSuccessStatusCode();
        (await gone.Client.PostAsJsonAsync($"/api/v1/messages/{answer.Id()}/reactions", new { emoji = "🎉" })).EnsureSuccessStatusCode();
        var sentFile = await gone.UploadAsync(Encoding.UTF8.GetBytes("the notes"), "notes.txt");
        (await gone.SendWithAttachmentsAsync(direct, "see attached", sentFile.Id())).StatusCode.Should().Be(HttpStatusCode.Created);
        var unsentFile = await gone.UploadAsync(UnsentBytes, "draft.txt");
        await ConversationApi.SendAsync(gone, direct, "last words");

        // A group gone owns, a room gone owns with a member, a room gone owns alone, a room of bob's gone belongs to.
        var group = (await gone.StartGroupAsync("Crew", alice, bob)).Id();
        await ConversationApi.SendAsync(gone, group, "hello crew");
        var sharedRoom = await Rooms.RoomApi.CreateRoomIdAsync(gone, "Shared");
        await Rooms.RoomApi.JoinAsync(alice, sharedRoom);
        await Rooms.RoomApi.AddAsync(gone, sharedRoom, bob, "admin");
        var lonelyRoom = await Rooms.RoomApi.CreateRoomIdAsync(gone, "Lonely");
        var bobsRoom = await Rooms.RoomApi.CreateRoomIdAsync(bob, "Bobs");
        await Rooms.RoomApi.JoinAsync(gone, bobsRoom);
        var sharedGeneral = await Rooms.RoomApi.GeneralChannelAsync(alice, sharedRoom);
        await Rooms.RoomApi.SendAsync(gone, sharedGeneral, "room words");

        var unreadBefore = await ConversationApi.GetJsonAsync(alice, "/api/v1/unread");
        var changesBefore = await ConversationApi.GetJsonAsync(alice, $"/api/v1/conversations/{direct}/changes?since=0");
        var historyBefore = await alice.HistoryAsync(direct);
        int messagesBefore;
        await using (var db = factory.Database.CreateContext())
        {
            messagesBefore = await db.Set<Message>().CountAsync(m => m.SenderId == gone.Id);
        }

        await using var socket = await Realtime.TestSocket.OpenAsync(factory, gone, "presence");
        var watch = Stopwatch.StartNew();

        await (await DeleteMeAsync(gone, ApiTestExtensions.Password)).ShouldBeNoContentAsync();

        // Every login ends: the socket closes, the token and the refresh token are refused.
        await socket.WaitForCloseAsync();
        HttpStatusCode status;
        do
        {
            status = (await gone.Client.GetAsync("/api/v1/users/me")).StatusCode;
        }
        while (status != HttpStatusCode.Unauthorized && watch.Elapsed < TimeSpan.FromSeconds(15));
        status.Should().Be(HttpStatusCode.Unauthorized);
        (await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = gone.RefreshToken })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // The tables: nothing personal remains; the placeholder row, its messages and its place in the direct conversation do.
        await using (var db = factory.Database.CreateContext())
        {
            var row = await db.Set<User>().SingleAsync(u => u.Id == gone.Id);
            row.DeletedAt.Should().NotBeNull();
            (row.Username, row.NormalizedUsername).Should().Be((User.PlaceholderUsername(gone.Id), User.PlaceholderUsername(gone.Id)));
            (row.DisplayName, row.PasswordHash, row.AvatarUrl, row.Bio, row.IsAdmin).Should().Be((UserLimits.DeletedDisplayName, string.Empty, null, null, false));
            (await db.Set<User>().CountAsync(u => u.NormalizedUsername == gone.Username.ToLowerInvariant())).Should().Be(0);
            (await db.Set<UsernameHold>().SingleAsync()).NormalizedUsername.Should().Be(gone.Username.ToLowerInvariant());
            (await db.Set<Friendship>().CountAsync(f => f.UserLowId == gone.Id || f.UserHighId == gone.Id)).Should().Be(0);
            (await db.Set<Block>().CountAsync(b => b.BlockerId == gone.Id || b.BlockedId == gone.Id)).Should().Be(0);
            (await db.Set<RoomMember>().CountAsync(m => m.UserId == gone.Id)).Should().Be(0);
            (await db.Set<Room>().CountAsync(r => r.OwnerId == gone.Id)).Should().Be(0);
            (await db.Set<Room>().AnyAsync(r => r.Id == lonelyRoom)).Should().BeFalse("a room with no other member is deleted");
            (await db.Set<Room>().SingleAsync(r => r.Id == sharedRoom)).OwnerId.Should().Be(bob.Id, "the member of highest role inherits");
            (await db.Set<ConversationParticipant>().Where(p => p.UserId == gone.Id).Select(p => p.ConversationId).ToListAsync())
                .Should().Equal([direct], "only the place in the direct conversation stays");
            new[] { alice.Id, bob.Id }.Should().Contain((await db.Set<ConversationParticipant>().SingleAsync(p => p.ConversationId == group && p.Role == ParticipantRole.Owner)).UserId);
            (await db.Set<Attachment>().AnyAsync(a => a.Id == unsentFile.Id())).Should().BeFalse("unsent uploads go");
            var unsentSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(UnsentBytes));
            (await db.Set<StoredFile>().SingleAsync(f => f.Sha256 == unsentSha)).ReferenceCount.Should().Be(0, "the clean-up removes the bytes");
            (await db.Set<Attachment>().AnyAsync(a => a.Id == sentFile.Id())).Should().BeTrue("sent attachments stay with their message");
            (await db.Set<Message>().CountAsync(m => m.SenderId == gone.Id)).Should().Be(messagesBefore, "messages stay under the placeholder");
            (await db.Set<MessageEdit>().CountAsync(e => e.MessageId == first.Id())).Should().Be(1);
            (await db.Set<MessageReaction>().CountAsync(r => r.UserId == gone.Id)).Should().Be(1);
        }

        // Alice reads on: the same history, from the placeholder; /changes and unread counts did not move.
        var history = await alice.HistoryAsync(direct);
        history.Seqs().Should().Equal(historyBefore.Seqs());
        var fromGone = history.GetProperty("items").EnumerateArray().Where(m => m.GetProperty("sender").GetProperty("id").GetGuid() == gone.Id).ToList();
        fromGone.Should().HaveCount(3);
        fromGone.Should().OnlyContain(m => m.GetProperty("sender").GetProperty("displayName").GetString() == UserLimits.DeletedDisplayName);
        fromGone.Should().OnlyContain(m => m.GetProperty("sender").GetProperty("username").GetString() == User.PlaceholderUsername(gone.Id));
        var reply = history.GetProperty("items").EnumerateArray().Single(m => m.Id() == answer.Id());
        reply.GetProperty("replyToId").GetGuid().Should().Be(first.Id());
        var edited = await ConversationApi.GetJsonAsync(alice, $"/api/v1/messages/{first.Id()}");
        edited.GetProperty("content").GetString().Should().Be("first words findable, edited");
        (await ChangesAsync(alice, direct)).Should().Equal(await ChangesAsync(changesBefore), "no message's version moved");
        (await UnreadAsync(alice)).Should().BeEquivalentTo(UnreadOf(unreadBefore), "read markers and messages are untouched");
        var found = await ConversationApi.GetJsonAsync(alice, "/api/v1/search/messages?q=findable");
        found.GetProperty("items").EnumerateArray().Select(m => m.Id()).Should().Equal(first.Id());
        (await alice.Client.GetAsync($"/api/v1/attachments/{sentFile.Id()}")).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await ConversationApi.PostMessageAsync(alice, direct, "are you there?")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "user_deleted");
        await (await alice.Client.PostAsJsonAsync("/api/v1/conversations/direct", new { userId = gone.Id })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Friends.FriendApi.SendFriendRequestAsync(alice, gone.Id)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await ConversationApi.GetJsonAsync(alice, $"/api/v1/users/{gone.Id}")).GetProperty("displayName").GetString().Should().Be(UserLimits.DeletedDisplayName);
        (await ConversationApi.GetJsonAsync(alice, $"/api/v1/users?search={gone.Username}")).GetProperty("items").GetArrayLength().Should().Be(0);
        (await Friends.FriendApi.FriendIdsAsync(alice)).Should().NotContain(gone.Id);

        // The group and the rooms go on without gone.
        ConversationApi.Seq(await ConversationApi.SendAsync(bob, group, "still here")).Should().Be(2);
        (await alice.HistoryAsync(group)).Seqs().Should().Equal(1L, 2L);
        (await ConversationApi.GetJsonAsync(alice, $"/api/v1/rooms/{sharedRoom}/members")).GetProperty("items").EnumerateArray()
            .Select(m => m.GetProperty("user").GetProperty("id").GetGuid()).Should().BeEquivalentTo([alice.Id, bob.Id]);
        await (await bob.Client.GetAsync($"/api/v1/rooms/{lonelyRoom}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await bob.HistoryAsync(sharedGeneral)).GetProperty("items").GetArrayLength().Should().Be(1, "room messages stay too");
    }

    private static async Task<List<(Guid, long, long)>> ChangesAsync(TestUser user, Guid conversation) =>
        await ChangesAsync(await ConversationApi.GetJsonAsync(user, $"/api/v1/conversations/{conversation}/changes?since=0"));

    private static Task<List<(Guid, long, long)>> ChangesAsync(JsonElement changes)
    {
        changes.GetProperty("hasMore").GetBoolean().Should().BeFalse();
        return Task.FromResult(changes.GetProperty("items").EnumerateArray()
            .Select(m => (m.Id(), ConversationApi.Seq(m), m.GetProperty("version").GetInt64())).ToList());
    }

    private static async Task<Dictionary<Guid, int>> UnreadAsync(TestUser user) => UnreadOf(await ConversationApi.GetJsonAsync(user, "/api/v1/unread"));

    private static Dictionary<Guid, int> UnreadOf(JsonElement unread) =>
        unread.GetProperty("conversations").EnumerateArray()
            .ToDictionary(c => c.GetProperty("conversationId").GetGuid(), c => c.GetProperty("unreadCount").GetInt32());

    private static Task<HttpResponseMessage> DeleteMeAsync(TestUser user, string? password) => user.Client.SendAsync(DeleteMeRequest(password));

    private static HttpRequestMessage DeleteMeRequest(string? password) => new(HttpMethod.Delete, "/api/v1/users/me")
    {
        Content = JsonContent.Create(new { password }),
    };

    private static Task<HttpResponseMessage> RegisterAsync(ChatApiFactory factory, string username) =>
        factory.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username, password = ApiTestExtensions.Password });
}

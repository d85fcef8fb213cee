using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Common.Serialization;
using Chat.Application.Features.Rooms.Events;

namespace Chat.Api.Tests.Rooms;

/// <summary>Channels: the general channel, create/list/update/delete, messages in text and voice channels, moderation, unread counts.</summary>
public sealed class RoomChannelTests(RoomsApiFixture fixture) : IClassFixture<RoomsApiFixture>
{
    private RoomsApiFactory Factory => fixture.Factory;

    [Fact]
    public async Task A_new_room_has_a_general_text_channel_shaped_as_a_conversation()
    {
        var owner = await Factory.RegisterUserAsync("general");
        var roomId = await owner.CreateRoomIdAsync();

        var channel = (await owner.ChannelsAsync(roomId)).Single();

        channel.GetProperty("kind").GetString().Should().Be("channel");
        channel.GetProperty("title").GetString().Should().Be("general");
        channel.GetProperty("roomId").GetGuid().Should().Be(roomId);
        channel.GetProperty("channelType").GetString().Should().Be("text");
        channel.GetProperty("position").GetInt32().Should().Be(0);
        channel.GetProperty("unreadCount").GetInt32().Should().Be(0);
        channel.TryGetProperty("participants", out _).Should().BeFalse("channels omit participants");
    }

    [Fact]
    public async Task Channels_are_created_last_by_default_and_listed_by_position()
    {
        var owner = await Factory.RegisterUserAsync("creator");
        var roomId = await owner.CreateRoomIdAsync();

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/channels", new { name = " random ", type = "text", topic = "Anything" });
        var first = await owner.CreateChannelAsync(roomId, "lounge", "voice", position: 0);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var random = await response.ReadJsonAsync();
        response.Headers.Location!.ToString().Should().Be($"/api/v1/conversations/{random.GetProperty("id").GetGuid()}");
        random.GetProperty("title").GetString().Should().Be("random");
        random.GetProperty("topic").GetString().Should().Be("Anything");
        random.GetProperty("position").GetInt32().Should().Be(1);
        var channels = await owner.ChannelsAsync(roomId);
        channels.Select(c => c.GetProperty("title").GetString()).Should().Equal("general", "lounge", "random");
        channels[1].GetProperty("id").GetGuid().Should().Be(first);
        channels[1].GetProperty("channelType").GetString().Should().Be("voice");
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"type\":\"text\"}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{\"type\":\"text\"}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{\"name\":\"x\"}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{\"name\":\"x\",\"type\":9}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{\"name\":\"x\",\"type\":\"text\",\"position\":-1}", HttpStatusCode.UnprocessableEntity, "validation_failed")]
    [InlineData("{\"name\":\"x\",\"type\":\"video\"}", HttpStatusCode.BadRequest, "bad_request")]
    public async Task Invalid_channels_are_refused(string body, HttpStatusCode status, string code)
    {
        var owner = await Factory.RegisterUserAsync("badchannel");
        var roomId = await owner.CreateRoomIdAsync();

        var response = await owner.Client.PostAsync($"/api/v1/rooms/{roomId}/channels", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeProblemAsync(status, code);
    }

    [Fact]
    public async Task Channel_names_and_topics_over_their_limits_are_422()
    {
        var owner = await Factory.RegisterUserAsync("longchannel");
        var roomId = await owner.CreateRoomIdAsync();

        var longName = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/channels", new { name = new string('c', 101), type = "text" });
        var longTopic = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/channels", new { name = "ok", type = "text", topic = new string('t', 1001) });

        await longName.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await longTopic.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Updating_a_channel_changes_the_given_fields_and_tells_the_members()
    {
        var owner = await Factory.RegisterUserAsync("chupdate");
        var member = await Factory.RegisterUserAsync("chmember");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        var channelId = await owner.GeneralChannelAsync(roomId);

        var response = await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}/channels/{channelId}", new { name = "lobby", topic = "Say hi", position = 3 });
        var cleared = await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomId}/channels/{channelId}", new { topic = "" });

        var updated = await response.ReadJsonAsync();
        updated.GetProperty("title").GetString().Should().Be("lobby");
        updated.GetProperty("position").GetInt32().Should().Be(3);
        var after = await cleared.ReadJsonAsync();
        after.GetProperty("title").GetString().Should().Be("lobby");
        after.GetProperty("topic").ValueKind.Should().Be(JsonValueKind.Null);
        var pushes = Factory.Notifier.Of<ChannelUpdatedEvent>().Where(p => p.Event.RoomId == roomId).ToList();
        pushes.Should().HaveCount(2);
        pushes[0].Recipients.Should().BeEquivalentTo([owner.Id, member.Id]);
        pushes[0].Event.Channel.Title.Should().Be("lobby");
        JsonSerializer.SerializeToElement<object>(pushes[0].Event, ChatJson.Options).GetProperty("type").GetString().Should().Be("channel_updated");
    }

    [Fact]
    public async Task A_channel_is_also_renamed_through_patch_conversation_by_admins_only()
    {
        var owner = await Factory.RegisterUserAsync("patchconv");
        var member = await Factory.RegisterUserAsync("patchmember");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        var channelId = await owner.GeneralChannelAsync(roomId);

        var renamed = await owner.Client.PatchAsJsonAsync($"/api/v1/conversations/{channelId}", new { title = "main", topic = "Welcome" });
        var refused = await member.Client.PatchAsJsonAsync($"/api/v1/conversations/{channelId}", new { title = "mine" });

        (await renamed.ReadJsonAsync()).GetProperty("title").GetString().Should().Be("main");
        await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "role_too_low");
    }

    [Fact]
    public async Task A_channel_of_another_room_or_an_unknown_channel_is_404()
    {
        var owner = await Factory.RegisterUserAsync("wrongroom");
        var roomA = await owner.CreateRoomIdAsync("A");
        var roomB = await owner.CreateRoomIdAsync("B");
        var channelOfB = await owner.GeneralChannelAsync(roomB);

        await (await owner.Client.PatchAsJsonAsync($"/api/v1/rooms/{roomA}/channels/{channelOfB}", new { name = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomA}/channels/{Guid.CreateVersion7()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Deleting_a_channel_deletes_its_messages_and_tells_the_members()
    {
        var owner = await Factory.RegisterUserAsync("chdelete");
        var roomId = await owner.CreateRoomIdAsync();
        var channelId = await owner.CreateChannelAsync(roomId, "doomed");
        var messageId = await owner.SendAsync(channelId, "soon gone");

        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/channels/{channelId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await owner.Client.GetAsync($"/api/v1/messages/{messageId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.GetAsync($"/api/v1/conversations/{channelId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await owner.ChannelsAsync(roomId)).Select(c => c.GetProperty("title").GetString()).Should().Equal("general");
        var (recipients, deleted) = Factory.Notifier.Of<ChannelDeletedEvent>().Single(p => p.Event.RoomId == roomId);
        recipients.Should().Equal(owner.Id);
        deleted.ChannelId.Should().Be(channelId);
    }

    [Fact]
    public async Task Members_read_and_write_text_channels_and_outsiders_cannot()
    {
        var owner = await Factory.RegisterUserAsync("writer");
        var member = await Factory.RegisterUserAsync("reader");
        var outsider = await Factory.RegisterUserAsync("lurker");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        var channelId = await owner.GeneralChannelAsync(roomId);

        await owner.SendAsync(channelId, "Hello room");
        var reply = await member.SendAsync(channelId, "Hi!");

        var history = await (await member.Client.GetAsync($"/api/v1/conversations/{channelId}/messages")).ReadJsonAsync();
        history.Items().Select(m => m.GetProperty("content").GetString()).Should().Equal("Hello room", "Hi!");
        Factory.Notifier.RecipientsOfNewMessage(reply).Should().BeEquivalentTo([owner.Id, member.Id]);
        await (await outsider.Client.GetAsync($"/api/v1/conversations/{channelId}/messages")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
        await (await outsider.Client.PostAsJsonAsync($"/api/v1/conversations/{channelId}/messages", new { content = "let me in" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
    }

    [Fact]
    public async Task New_channels_are_open_to_every_member_and_newcomers_read_the_history_with_nothing_unread()
    {
        var owner = await Factory.RegisterUserAsync("history");
        var member = await Factory.RegisterUserAsync("early");
        var newcomer = await Factory.RegisterUserAsync("newcomer");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        var channelId = await owner.CreateChannelAsync(roomId, "later");
        await member.SendAsync(channelId, "first");

        await newcomer.JoinAsync(roomId);

        var channel = (await newcomer.ChannelsAsync(roomId)).Single(c => c.GetProperty("id").GetGuid() == channelId);
        channel.GetProperty("unreadCount").GetInt32().Should().Be(0);
        channel.GetProperty("lastSeq").GetInt64().Should().Be(1);
        var history = await (await newcomer.Client.GetAsync($"/api/v1/conversations/{channelId}/messages")).ReadJsonAsync();
        history.Items().Select(m => m.GetProperty("content").GetString()).Should().Equal("first");
    }

    [Fact]
    public async Task Voice_channels_refuse_messages_with_422_voice_channel()
    {
        var owner = await Factory.RegisterUserAsync("voice");
        var roomId = await owner.CreateRoomIdAsync();
        var voiceId = await owner.CreateChannelAsync(roomId, "Voice", "voice");

        var response = await owner.Client.PostAsJsonAsync($"/api/v1/conversations/{voiceId}/messages", new { content = "can you hear me" });

        await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "voice_channel");
    }

    [Fact]
    public async Task Moderators_delete_anyones_message_in_their_room_and_members_only_their_own()
    {
        var owner = await Factory.RegisterUserAsync("modowner");
        var moderator = await Factory.RegisterUserAsync("mod");
        var member = await Factory.RegisterUserAsync("poster");
        var other = await Factory.RegisterUserAsync("otherposter");
        var roomId = await owner.CreateRoomIdAsync();
        await owner.AddAsync(roomId, moderator, "moderator");
        await member.JoinAsync(roomId);
        await other.JoinAsync(roomId);
        var channelId = await owner.GeneralChannelAsync(roomId);
        var spam = await member.SendAsync(channelId, "spam");
        var ownersMessage = await owner.SendAsync(channelId, "rules");

        await (await other.Client.DeleteAsync($"/api/v1/messages/{spam}")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_sender");
        (await moderator.Client.DeleteAsync($"/api/v1/messages/{spam}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await moderator.Client.DeleteAsync($"/api/v1/messages/{ownersMessage}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var history = await (await member.Client.GetAsync($"/api/v1/conversations/{channelId}/messages?includeDeleted=true")).ReadJsonAsync();
        history.Items().Should().AllSatisfy(m => m.GetProperty("isDeleted").GetBoolean().Should().BeTrue());
    }

    [Fact]
    public async Task Room_members_see_their_channels_with_unread_counts_in_the_conversation_list()
    {
        var owner = await Factory.RegisterUserAsync("unreadowner");
        var member = await Factory.RegisterUserAsync("unreadmember");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        // The join point is a time (decision 0012) and this clock stands still: later sends must come later.
        Factory.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var general = await owner.GeneralChannelAsync(roomId);
        var random = await owner.CreateChannelAsync(roomId, "random");
        await owner.SendAsync(general, "one");
        await owner.SendAsync(general, "two");
        await owner.SendAsync(random, "three");

        var channels = await (await member.Client.GetAsync("/api/v1/conversations?kind=channel")).ReadJsonAsync();
        var others = await (await member.Client.GetAsync("/api/v1/conversations")).ReadJsonAsync();

        channels.Items().Select(c => (c.GetProperty("id").GetGuid(), c.GetProperty("unreadCount").GetInt32()))
            .Should().BeEquivalentTo([(general, 2), (random, 1)]);
        channels.Items().Should().AllSatisfy(c => c.GetProperty("roomId").GetGuid().Should().Be(roomId));
        others.Items().Should().BeEmpty("channels are listed only with kind=channel");
        (await owner.Client.GetAsync("/api/v1/unread")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("kick")]
    [InlineData("ban")]
    [InlineData("leave")]
    public async Task Whoever_leaves_the_room_loses_its_channels_and_their_events_at_once(string how)
    {
        var owner = await Factory.RegisterUserAsync("cutoff");
        var member = await Factory.RegisterUserAsync("cutmember");
        var roomId = await owner.CreateRoomIdAsync();
        await member.JoinAsync(roomId);
        var channelId = await owner.GeneralChannelAsync(roomId);
        await member.SendAsync(channelId, "before");

        var removal = how switch
        {
            "kick" => await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/members/{member.Id}"),
            "ban" => await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/bans", new { userId = member.Id }),
            _ => await member.Client.PostAsync($"/api/v1/rooms/{roomId}/leave", null),
        };
        removal.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var after = await owner.SendAsync(channelId, "after");
        await owner.CreateChannelAsync(roomId, "new");

        Factory.Notifier.RecipientsOfNewMessage(after).Should().Equal(owner.Id);
        Factory.Notifier.Of<ChannelCreatedEvent>().Single(p => p.Event.RoomId == roomId).Recipients.Should().Equal(owner.Id);
        await (await member.Client.GetAsync($"/api/v1/conversations/{channelId}/messages")).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
        await (await member.Client.PostAsJsonAsync($"/api/v1/conversations/{channelId}/messages", new { content = "still here?" }))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");
        (await (await member.Client.GetAsync("/api/v1/conversations?kind=channel")).ReadJsonAsync()).Items().Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_a_room_deletes_its_channels_and_their_messages()
    {
        var owner = await Factory.RegisterUserAsync("roomdelete");
        var roomId = await owner.CreateRoomIdAsync();
        var channelId = await owner.GeneralChannelAsync(roomId);
        var messageId = await owner.SendAsync(channelId, "bye");

        (await owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await (await owner.Client.GetAsync($"/api/v1/conversations/{channelId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await owner.Client.GetAsync($"/api/v1/messages/{messageId}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

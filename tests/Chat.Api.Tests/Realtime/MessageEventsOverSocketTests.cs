using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Friends;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Realtime;

/// <summary>Message commands over the socket and the events they cause, each reaching exactly the sockets the spec names.</summary>
public sealed class MessageEventsOverSocketTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_message_sent_over_the_socket_is_acknowledged_and_reaches_every_other_participant_socket_but_not_the_sending_one()
    {
        var (alice, bob, carol, outsider) = await FourAsync();
        var conversation = await alice.GroupWithAsync(bob, carol);
        await using var alicePhone = await OpenAsync(alice);
        await using var aliceLaptop = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);
        await using var outsiderPhone = await OpenAsync(outsider);

        await alicePhone.SendAsync(new { type = "send_message", @ref = "m1", conversationId = conversation, content = "Hello", clientMessageId = "c-1" });

        var sent = await alicePhone.ExpectAsync("message_sent");
        sent.GetProperty("ref").GetString().Should().Be("m1");
        sent.GetProperty("clientMessageId").GetString().Should().Be("c-1");
        sent.Seq().Should().Be(1);
        sent.GetProperty("message").GetProperty("content").GetString().Should().Be("Hello");
        foreach (var other in new[] { aliceLaptop, bobPhone })
        {
            var pushed = await other.ExpectAsync("new_message");
            pushed.MessageId().Should().Be(sent.MessageId());
            pushed.GetProperty("message").GetProperty("version").GetInt64().Should().Be(sent.GetProperty("message").GetProperty("version").GetInt64());
        }

        await alicePhone.ExpectNothingAsync();
        await aliceLaptop.ExpectNothingAsync();
        await bobPhone.ExpectNothingAsync();
        await outsiderPhone.ExpectNothingAsync();

        var history = await bob.GetJsonAsync($"/api/v1/conversations/{conversation}/messages");
        history.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid().Should().Be(sent.MessageId());
    }

    [Fact]
    public async Task A_retried_send_answers_the_stored_message_and_pushes_nothing_new()
    {
        var (alice, bob, _, _) = await FourAsync();
        var conversation = await alice.GroupWithAsync(bob);
        await using var alicePhone = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);
        await alicePhone.SendAsync(new { type = "send_message", @ref = "a", conversationId = conversation, content = "Once", clientMessageId = "same" });
        var first = await alicePhone.ExpectAsync("message_sent");
        await bobPhone.ExpectAsync("new_message");

        await alicePhone.SendAsync(new { type = "send_message", @ref = "b", conversationId = conversation, content = "Once", clientMessageId = "same" });

        var again = await alicePhone.ExpectAsync("message_sent");
        again.GetProperty("ref").GetString().Should().Be("b");
        again.MessageId().Should().Be(first.MessageId());
        await bobPhone.ExpectNothingAsync();
    }

    [Fact]
    public async Task A_socket_send_carries_attachment_ids_and_the_pushed_message_lists_the_files()
    {
        var (alice, bob, _, _) = await FourAsync();
        var conversation = await alice.GroupWithAsync(bob);
        var upload = await Attachments.AttachmentApi.UploadAsync(alice, Attachments.AttachmentApi.Png(8, 6), "sketch.png");
        await using var alicePhone = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);

        await alicePhone.SendAsync(new { type = "send_message", @ref = "f", conversationId = conversation, clientMessageId = "with-file", attachmentIds = new[] { upload.GetProperty("id").GetGuid() } });

        var sent = await alicePhone.ExpectAsync("message_sent");
        var pushed = await bobPhone.ExpectAsync("new_message");
        foreach (var frame in new[] { sent, pushed })
        {
            var attachment = frame.GetProperty("message").GetProperty("attachments").EnumerateArray().Single();
            attachment.GetProperty("id").GetGuid().Should().Be(upload.GetProperty("id").GetGuid());
            attachment.GetProperty("fileName").GetString().Should().Be("sketch.png");
            attachment.GetProperty("width").GetInt32().Should().Be(8);
        }

        (await bob.Client.GetAsync(upload.GetProperty("url").GetString())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Edits_reactions_deletes_and_read_markers_reach_the_participants()
    {
        var (alice, bob, _, outsider) = await FourAsync();
        var conversation = await alice.GroupWithAsync(bob);
        await using var alicePhone = await OpenAsync(alice);
        await using var aliceLaptop = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);
        await using var outsiderPhone = await OpenAsync(outsider);
        await alicePhone.SendAsync(new { type = "send_message", conversationId = conversation, content = "Draft", clientMessageId = "d" });
        var messageId = (await alicePhone.ExpectAsync("message_sent")).MessageId();
        await aliceLaptop.ExpectAsync("new_message");
        await bobPhone.ExpectAsync("new_message");

        await alicePhone.SendAsync(new { type = "edit_message", @ref = "e", messageId, content = "Final" });
        foreach (var socket in new[] { alicePhone, aliceLaptop, bobPhone })
        {
            var edited = await socket.ExpectAsync("message_edited");
            edited.GetProperty("message").GetProperty("content").GetString().Should().Be("Final");
            edited.GetProperty("message").GetProperty("version").GetInt64().Should().Be(2);
        }

        (await bob.Client.PostAsJsonAsync($"/api/v1/messages/{messageId}/reactions", new { emoji = "🎉" })).EnsureSuccessStatusCode();
        foreach (var socket in new[] { alicePhone, aliceLaptop, bobPhone })
        {
            var reacted = await socket.ExpectAsync("reaction_added");
            reacted.GetProperty("messageId").GetGuid().Should().Be(messageId);
            reacted.GetProperty("userId").GetGuid().Should().Be(bob.Id);
            reacted.GetProperty("emoji").GetString().Should().Be("🎉");
            reacted.GetProperty("version").GetInt64().Should().Be(3);
        }

        await bobPhone.SendAsync(new { type = "mark_read", @ref = "r", conversationId = conversation, seq = 1 });
        foreach (var socket in new[] { alicePhone, aliceLaptop })
        {
            var read = await socket.ExpectAsync("message_read");
            read.GetProperty("userId").GetGuid().Should().Be(bob.Id);
            read.GetProperty("seq").GetInt64().Should().Be(1);
        }

        await bobPhone.ExpectNothingAsync(); // the marking socket is told nothing

        await alicePhone.SendAsync(new { type = "delete_message", @ref = "x", messageId });
        foreach (var socket in new[] { alicePhone, aliceLaptop, bobPhone })
        {
            var deleted = await socket.ExpectAsync("message_deleted");
            deleted.GetProperty("messageId").GetGuid().Should().Be(messageId);
            deleted.GetProperty("conversationId").GetGuid().Should().Be(conversation);
            deleted.GetProperty("seq").GetInt64().Should().Be(1);
            deleted.GetProperty("version").GetInt64().Should().Be(4);
        }

        await outsiderPhone.ExpectNothingAsync();
        await alicePhone.ExpectNothingAsync();
    }

    [Fact]
    public async Task Reading_by_message_id_alone_moves_the_marker()
    {
        var (alice, bob, _, _) = await FourAsync();
        var conversation = await alice.GroupWithAsync(bob);
        await using var alicePhone = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);
        var message = await alice.PostMessageAsync(conversation, "Read me");
        await alicePhone.ExpectAsync("new_message");
        await bobPhone.ExpectAsync("new_message");

        await bobPhone.SendAsync(new { type = "mark_read", messageId = message.GetProperty("id").GetGuid() });

        (await alicePhone.ExpectAsync("message_read")).GetProperty("seq").GetInt64().Should().Be(1);
    }

    [Fact]
    public async Task Failed_commands_answer_the_same_codes_as_REST_and_keep_the_socket_open()
    {
        var (alice, bob, carol, outsider) = await FourAsync();
        var conversation = await alice.GroupWithAsync(bob, carol);
        var bobsMessage = await bob.PostMessageAsync(conversation, "Mine");
        await using var alicePhone = await OpenAsync(alice);
        await using var outsiderPhone = await OpenAsync(outsider);

        await outsiderPhone.SendAsync(new { type = "send_message", @ref = "1", conversationId = conversation, content = "Let me in", clientMessageId = "x" });
        await ExpectErrorAsync(outsiderPhone, "1", "not_a_participant");

        await alicePhone.SendAsync(new { type = "send_message", @ref = "2", conversationId = Guid.CreateVersion7(), content = "Anyone?", clientMessageId = "y" });
        await ExpectErrorAsync(alicePhone, "2", "not_found");

        await alicePhone.SendAsync(new { type = "send_message", @ref = "3", conversationId = conversation, content = "   ", clientMessageId = "z" });
        var invalid = await ExpectErrorAsync(alicePhone, "3", "validation_failed");
        invalid.GetProperty("errors").TryGetProperty("content", out _).Should().BeTrue(invalid.GetRawText());

        await alicePhone.SendAsync(new { type = "edit_message", @ref = "4", messageId = bobsMessage.GetProperty("id").GetGuid(), content = "Not yours" });
        await ExpectErrorAsync(alicePhone, "4", "not_sender");

        await outsiderPhone.SendAsync(new { type = "typing", @ref = "5", conversationId = conversation, isTyping = true });
        await ExpectErrorAsync(outsiderPhone, "5", "not_a_participant");

        await alicePhone.SendAsync(new { type = "send_message", @ref = "6", conversationId = "not-a-guid", content = "?" });
        await ExpectErrorAsync(alicePhone, "6", "bad_request");

        var rest = await outsider.Client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/messages", new { content = "Let me in" });
        await rest.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "not_a_participant");

        await alicePhone.ExpectNothingAsync();
        await outsiderPhone.ExpectNothingAsync();
    }

    [Fact]
    public async Task Sending_into_a_direct_conversation_with_a_blocked_user_is_refused_over_the_socket_too()
    {
        var (alice, bob, _, _) = await FourAsync();
        await alice.BefriendAsync(bob);
        var conversation = await alice.DirectWithAsync(bob);
        (await bob.BlockAsync(alice.Id)).EnsureSuccessStatusCode();
        await using var alicePhone = await OpenAsync(alice);

        await alicePhone.SendAsync(new { type = "send_message", @ref = "b", conversationId = conversation, content = "Hi?", clientMessageId = "b1" });

        await ExpectErrorAsync(alicePhone, "b", "blocked");
    }

    [Fact]
    public async Task Typing_reaches_the_other_online_participants_except_blocked_users()
    {
        var (alice, bob, carol, outsider) = await FourAsync();
        var dave = await _factory.RegisterUserAsync("dave");
        var conversation = await alice.GroupWithAsync(bob, carol, dave);
        (await alice.BlockAsync(dave.Id)).EnsureSuccessStatusCode(); // dave stays in the group, but hears no typing from alice
        await using var alicePhone = await OpenAsync(alice);
        await using var aliceLaptop = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);
        await using var carolPhone = await OpenAsync(carol);
        await using var davePhone = await OpenAsync(dave);
        await using var outsiderPhone = await OpenAsync(outsider);

        await alicePhone.SendAsync(new { type = "typing", conversationId = conversation, isTyping = true });
        await alicePhone.ExpectNothingAsync(); // no answer of its own; and the typing is published by now

        foreach (var socket in new[] { bobPhone, carolPhone })
        {
            var typing = await socket.ExpectAsync("typing");
            typing.GetProperty("conversationId").GetGuid().Should().Be(conversation);
            typing.GetProperty("userId").GetGuid().Should().Be(alice.Id);
            typing.GetProperty("isTyping").GetBoolean().Should().BeTrue();
        }

        await aliceLaptop.ExpectNothingAsync();
        await davePhone.ExpectNothingAsync();
        await outsiderPhone.ExpectNothingAsync();

        await davePhone.SendAsync(new { type = "typing_start", conversationId = conversation });
        await davePhone.ExpectNothingAsync();
        (await bobPhone.ExpectAsync("typing")).GetProperty("userId").GetGuid().Should().Be(dave.Id);
        (await carolPhone.ExpectAsync("typing")).GetProperty("isTyping").GetBoolean().Should().BeTrue();
        await alicePhone.ExpectNothingAsync();

        await bobPhone.SendAsync(new { type = "typing_stop", conversationId = conversation });
        await bobPhone.ExpectNothingAsync();
        foreach (var socket in new[] { alicePhone, aliceLaptop, carolPhone, davePhone })
        {
            var stopped = await socket.ExpectAsync("typing");
            stopped.GetProperty("userId").GetGuid().Should().Be(bob.Id);
            stopped.GetProperty("isTyping").GetBoolean().Should().BeFalse();
        }
    }

    [Fact]
    public async Task A_direct_message_pushed_to_the_recipient_moves_their_delivered_marker_and_tells_the_sender()
    {
        var (alice, bob, _, _) = await FourAsync();
        await alice.BefriendAsync(bob);
        var conversation = await alice.DirectWithAsync(bob);
        await using var alicePhone = await OpenAsync(alice);

        var beforeBobIsOnline = await alice.PostMessageAsync(conversation, "Are you there?");
        (await alicePhone.ExpectAsync("new_message")).GetProperty("message").GetProperty("status").GetString().Should().Be("sent");
        (await alice.GetJsonAsync($"/api/v1/messages/{beforeBobIsOnline.GetProperty("id").GetGuid()}")).GetProperty("status").GetString().Should().Be("sent");

        await using var bobPhone = await OpenAsync(bob);
        await alicePhone.SendAsync(new { type = "send_message", @ref = "d", conversationId = conversation, content = "Now?", clientMessageId = "d1" });
        // Bob's socket may confirm delivery before Alice's socket writes her acknowledgement: the two come in either order.
        var frames = new[] { await alicePhone.NextAsync(), await alicePhone.NextAsync() };
        frames.Select(f => f.GetProperty("type").GetString()).Should().BeEquivalentTo("message_sent", "message_delivered");
        var sent = frames.Single(f => f.GetProperty("type").GetString() == "message_sent");
        (await bobPhone.ExpectAsync("new_message")).MessageId().Should().Be(sent.MessageId());

        var delivered = frames.Single(f => f.GetProperty("type").GetString() == "message_delivered");
        delivered.GetProperty("conversationId").GetGuid().Should().Be(conversation);
        delivered.GetProperty("userId").GetGuid().Should().Be(bob.Id);
        delivered.GetProperty("seq").GetInt64().Should().Be(2);
        (await alice.GetJsonAsync($"/api/v1/messages/{sent.MessageId()}")).GetProperty("status").GetString().Should().Be("delivered");
        await bobPhone.ExpectNothingAsync();
    }

    [Fact]
    public async Task Messages_sent_over_REST_reach_every_socket_of_every_participant()
    {
        var (alice, bob, _, _) = await FourAsync();
        var conversation = await alice.GroupWithAsync(bob);
        await using var alicePhone = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);

        var message = await alice.PostMessageAsync(conversation, "Over REST");

        (await alicePhone.ExpectAsync("new_message")).MessageId().Should().Be(message.GetProperty("id").GetGuid());
        (await bobPhone.ExpectAsync("new_message")).MessageId().Should().Be(message.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Conversation_events_reach_the_participants_sockets_and_no_one_else()
    {
        var (alice, bob, carol, outsider) = await FourAsync();
        await alice.BefriendAsync(bob);
        await alice.BefriendAsync(carol);
        await using var alicePhone = await OpenAsync(alice);
        await using var bobPhone = await OpenAsync(bob);
        await using var carolPhone = await OpenAsync(carol);
        await using var outsiderPhone = await OpenAsync(outsider);

        var conversation = await alice.StartGroupAsync(bob);
        foreach (var socket in new[] { alicePhone, bobPhone })
        {
            (await socket.ExpectAsync("conversation_created")).GetProperty("conversation").GetProperty("id").GetGuid().Should().Be(conversation);
        }

        await carolPhone.ExpectNothingAsync();

        (await alice.Client.PostAsJsonAsync($"/api/v1/conversations/{conversation}/members", new { userIds = new[] { carol.Id } })).EnsureSuccessStatusCode();
        foreach (var (socket, then) in new[] { (alicePhone, "conversation_updated"), (bobPhone, "conversation_updated"), (carolPhone, "conversation_created") })
        {
            (await socket.ExpectAsync("member_joined")).GetProperty("user").GetProperty("id").GetGuid().Should().Be(carol.Id);
            (await socket.ExpectAsync(then)).GetProperty("conversation").GetProperty("id").GetGuid().Should().Be(conversation);
        }

        (await alice.Client.DeleteAsync($"/api/v1/conversations/{conversation}/members/{bob.Id}")).EnsureSuccessStatusCode();
        (await bobPhone.ExpectAsync("member_left")).GetProperty("user").GetProperty("id").GetGuid().Should().Be(bob.Id);
        foreach (var socket in new[] { alicePhone, carolPhone })
        {
            (await socket.ExpectAsync("member_left")).GetProperty("user").GetProperty("id").GetGuid().Should().Be(bob.Id);
            await socket.ExpectAsync("conversation_updated");
        }

        await bobPhone.ExpectNothingAsync();
        await outsiderPhone.ExpectNothingAsync();
    }

    // Friends' presence comes at its own pace; these tests are about message events.
    private Task<TestSocket> OpenAsync(TestUser user) => TestSocket.OpenAsync(_factory, user, "presence");

    private static async Task<System.Text.Json.JsonElement> ExpectErrorAsync(TestSocket socket, string reference, string code)
    {
        var error = await socket.ExpectAsync("error");
        error.GetProperty("ref").GetString().Should().Be(reference);
        error.GetProperty("code").GetString().Should().Be(code, error.GetRawText());
        error.GetProperty("message").GetString().Should().NotBeNullOrEmpty();
        return error;
    }

    private async Task<(TestUser, TestUser, TestUser, TestUser)> FourAsync()
    {
        var users = await _factory.UsersAsync(4);
        return (users[0], users[1], users[2], users[3]);
    }
}

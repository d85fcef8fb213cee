using Chat.Application.Features.Auth;
using Chat.Application.Features.Auth.ChangePassword;
using Chat.Application.Features.Auth.Register;
using Chat.Application.Features.Conversations.CreateGroupConversation;
using Chat.Application.Features.Messages.EditMessage;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Rooms.CreateChannel;
using Chat.Application.Features.Rooms.CreateRoom;
using Chat.Application.Features.Users.UpdateCurrentUser;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Rooms;
using Chat.Domain.Users;

namespace Chat.Application.Tests.Common;

/// <summary>
/// Issue 10 §3 through the whole pipeline: every length limit counts code points and says so, content and names need a
/// visible character, content is stored as sent, and passwords follow NIST SP 800-63B (length and the common list only).
/// </summary>
public sealed class TextRulesTests : HandlerTest
{
    private static string Emoji(int count) => string.Concat(Enumerable.Repeat("😀", count));

    private User _alice = null!;
    private User _bob = null!;
    private Conversation _group = null!;

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("alice", "bob");
        (_alice, _bob) = (users[0], users[1]);
        _group = await Given.GroupAsync(_alice, "team", _bob);
        await Given.FriendsAsync(_alice, _bob);
    }

    [Fact]
    public async Task Content_of_2001_emoji_is_accepted_and_4000_is_the_limit_in_code_points()
    {
        var sent = await SendAs(_alice.Id, new SendMessageCommand(_group.Id, Emoji(2001)));
        await SendAs(_alice.Id, new SendMessageCommand(_group.Id, Emoji(MessageLimits.ContentMaxLength)));

        var refusal = await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_group.Id, Emoji(MessageLimits.ContentMaxLength + 1))), "content");
        refusal.Errors["content"].Should().ContainSingle().Which.Should().Contain("characters (Unicode code points)");
        (await Host.RowsAsync<Message>()).Select(m => m.Content).Should().BeEquivalentTo([Emoji(2001), Emoji(MessageLimits.ContentMaxLength)]);
        sent.Message.Content.Should().Be(Emoji(2001));
    }

    [Fact]
    public async Task Content_is_stored_exactly_as_sent_inside_its_trimmed_ends()
    {
        var decomposed = "Cafe\u0301 \u00A0 e\u0301\u0301\u0301  Ǆ\u200Bx";

        await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "  " + decomposed + "\n"));

        (await Host.RowsAsync<Message>()).Single().Content.Should().Be(decomposed);
    }

    public static TheoryData<string> InvisibleContent => new()
    {
        "\u200B", "\u2060", "\uFEFF", "\u200B\u200C\u200D", "\u202E\u202C", "\u2066\u2069", "\u00AD", "\u034F", "\u061C",
        "\uFE0F", "\U000E0100", "\U000E0041", "\u3164", "\u115F", "\uFFA0", "\u2800", "\u3000", "\u0301", "\u20DD",
        "\u0001", "\u007F", "\u2028", "\U0001D173", " \u200B \u2060 \uFEFF ",
    };

    [Theory]
    [MemberData(nameof(InvisibleContent))]
    public async Task Content_and_edits_of_only_invisible_characters_are_refused(string content)
    {
        var sent = await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "visible"));
        Host.ClearObservations();

        var refusal = await Invalid(() => SendAs(_alice.Id, new SendMessageCommand(_group.Id, content)), "content");
        refusal.Errors["content"].Should().ContainSingle().Which.Should().Be(
            content.Trim().Length == 0 ? Message.ContentLengthMessage : Message.InvisibleContentMessage);
        await Invalid(() => SendAs(_alice.Id, new EditMessageCommand(sent.Message.Id, content)), "content");

        (await Host.RowsAsync<Message>()).Should().ContainSingle().Which.Content.Should().Be("visible");
        (await Host.RowsAsync<Conversation>()).Single(c => c.Id == _group.Id).LastSeq.Should().Be(1);
    }

    [Fact]
    public async Task An_invisible_character_beside_a_visible_one_is_kept()
    {
        await SendAs(_alice.Id, new SendMessageCommand(_group.Id, "\u200Bhi\u2060"));

        (await Host.RowsAsync<Message>()).Single().Content.Should().Be("\u200Bhi\u2060");
    }

    [Fact]
    public async Task Names_and_titles_count_code_points_and_need_a_visible_character()
    {
        await SendAs(_alice.Id, new UpdateCurrentUserCommand(Emoji(UserLimits.DisplayNameMaxLength), null, null));
        await Invalid(() => SendAs(_alice.Id, new UpdateCurrentUserCommand(Emoji(UserLimits.DisplayNameMaxLength + 1), null, null)), "displayName");
        await Invalid(() => SendAs(_alice.Id, new UpdateCurrentUserCommand("\u200B", null, null)), "displayName");
        await SendAs(_alice.Id, new UpdateCurrentUserCommand(null, null, Emoji(UserLimits.BioMaxLength)));
        await Invalid(() => SendAs(_alice.Id, new UpdateCurrentUserCommand(null, null, Emoji(UserLimits.BioMaxLength + 1))), "bio");

        await SendAs(_alice.Id, new CreateGroupConversationCommand(Emoji(ConversationLimits.TitleMaxLength), [_bob.Id]));
        await Invalid(() => SendAs(_alice.Id, new CreateGroupConversationCommand(Emoji(ConversationLimits.TitleMaxLength + 1), [_bob.Id])), "title");
        await Invalid(() => SendAs(_alice.Id, new CreateGroupConversationCommand("\u2060\uFEFF", [_bob.Id])), "title");

        var room = await SendAs(_alice.Id, new CreateRoomCommand(Emoji(100), Emoji(1000), null, true));
        await Invalid(() => SendAs(_alice.Id, new CreateRoomCommand(Emoji(101), null, null, true)), "name");
        await Invalid(() => SendAs(_alice.Id, new CreateRoomCommand("\u3164", null, null, true)), "name");
        await Invalid(() => SendAs(_alice.Id, new CreateRoomCommand("room", Emoji(1001), null, true)), "description");
        await SendAs(_alice.Id, new CreateChannelCommand(room.Id, Emoji(100), ChannelType.Text, Emoji(1000), null));
        await Invalid(() => SendAs(_alice.Id, new CreateChannelCommand(room.Id, Emoji(101), ChannelType.Text, null, null)), "name");
        var topic = await Invalid(() => SendAs(_alice.Id, new CreateChannelCommand(room.Id, "c", ChannelType.Text, Emoji(1001), null)), "topic");
        topic.Errors["topic"].Single().Should().Contain("characters (Unicode code points)");

        (await Host.RowsAsync<User>()).Single(u => u.Id == _alice.Id).DisplayName.Should().Be(Emoji(UserLimits.DisplayNameMaxLength));
    }

    // ---- passwords (NIST SP 800-63B §3.1.1.2) --------------------------------------------------------------------------

    [Fact]
    public void A_password_of_four_emoji_is_four_characters_and_too_short()
    {
        var validator = new RegisterCommandValidator();

        validator.Validate(new RegisterCommand("newbie", "😀😀😀😀", null)).Errors.Should().ContainSingle()
            .Which.ErrorMessage.Should().Be("Password must be 8–128 characters (Unicode code points).");
        validator.Validate(new RegisterCommand("newbie", "😀😁😂🤣😃😄😅😆", null)).IsValid.Should().BeTrue();
        validator.Validate(new RegisterCommand("newbie", Emoji(128), null)).IsValid.Should().BeTrue();
        validator.Validate(new RegisterCommand("newbie", Emoji(129), null)).IsValid.Should().BeFalse();
    }

    [Theory]
    [InlineData("password")]
    [InlineData("Password")]
    [InlineData("PASSWORD")]
    [InlineData("12345678")]
    [InlineData("123456789")]
    [InlineData("qwertyuiop")]
    [InlineData("iloveyou")]
    [InlineData("TrustNo1")]
    public void A_common_password_is_refused_in_any_letter_case(string password)
    {
        var errors = new RegisterCommandValidator().Validate(new RegisterCommand("newbie", password, null)).Errors;
        errors.Should().ContainSingle().Which.ErrorMessage.Should().Contain("too common");
        new ChangePasswordCommandValidator().Validate(new ChangePasswordCommand("old-secret-value", password)).IsValid.Should().BeFalse();
    }

    [Fact]
    public void Random_eight_character_passwords_always_pass_there_is_no_composition_rule()
    {
        var random = new Random(20261129);
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";
        var validator = new RegisterCommandValidator();
        for (var i = 0; i < 5000; i++)
        {
            var password = new string(Enumerable.Range(0, 8).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            validator.Validate(new RegisterCommand("newbie", password, null)).IsValid.Should().BeTrue(password);
        }

        // Letters only, digits only, one repeated character: no rule beyond length and the list.
        validator.Validate(new RegisterCommand("newbie", "zqxjvkwp", null)).IsValid.Should().BeTrue();
        validator.Validate(new RegisterCommand("newbie", "80264917", null)).IsValid.Should().BeTrue();
        validator.Validate(new RegisterCommand("newbie", "ĳĳĳĳĳĳĳĳ", null)).IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Changing_to_a_common_password_is_refused()
    {
        await Invalid(() => SendAs(_alice.Id, new ChangePasswordCommand("whatever-it-was", "Password1")), "newPassword");
    }

    [Fact]
    public void The_common_list_is_loaded_once_with_50000_passwords()
    {
        CommonPasswords.Count.Should().Be(50_000);
        CommonPasswords.Contains("PaSsWoRd").Should().BeTrue();
        CommonPasswords.Contains("correct-horse-battery").Should().BeFalse();
    }
}

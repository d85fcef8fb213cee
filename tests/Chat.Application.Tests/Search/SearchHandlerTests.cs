using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using Chat.Application.Features.Messages.DeleteMessage;
using Chat.Application.Features.Messages.EditMessage;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Features.Search.SearchMessages;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.Infrastructure.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Search;

/// <summary>The search query handler over the SQLite FTS5 index, fed by the real send path.</summary>
[Covers(typeof(SearchMessagesQueryHandler))]
public sealed class SearchHandlerTests : HandlerTest
{
    private User _alice = null!;
    private User _bob = null!;
    private Conversation _direct = null!;

    protected override void Configure(IServiceCollection services) =>
        services.AddScoped<IMessageSearch>(sp => new SqliteMessageSearch(sp.GetRequiredService<ChatDbContext>()));

    protected override async Task ArrangeAsync()
    {
        (_alice, _bob) = (await Given.UserAsync(), await Given.UserAsync());
        await Given.FriendsAsync(_alice, _bob);
        _direct = await Given.DirectAsync(_alice, _bob);
    }

    [Fact]
    public async Task Hits_come_newest_first_with_snippets_and_a_cursor_to_the_next_page()
    {
        var older = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "Crème brûlée tonight?"));
        var newer = await SendAs(_bob.Id, new SendMessageCommand(_direct.Id, "CREME BRULEE again"));

        var first = await SendAs(_bob.Id, new SearchMessagesQuery("creme bru", Limit: 1));
        var second = await SendAs(_bob.Id, new SearchMessagesQuery("creme bru", Limit: 1, Cursor: first.NextCursor));

        first.Items.Select(m => m.Id).Should().Equal(newer.Message.Id);
        first.NextCursor.Should().NotBeNull();
        second.Items.Select(m => m.Id).Should().Equal(older.Message.Id);
        second.NextCursor.Should().BeNull();
        second.Items[0].Snippet.Should().Be("Crème brûlée tonight?");
        second.Items[0].Highlights!.Select(h => second.Items[0].Snippet!.Substring(h.Start, h.Length)).Should().Equal("Crème", "brûlée");
    }

    [Fact]
    public async Task Strangers_find_nothing_and_blank_queries_are_invalid()
    {
        var stranger = await Given.UserAsync();
        await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "confidential plan"));

        (await SendAs(stranger.Id, new SearchMessagesQuery("confidential"))).Items.Should().BeEmpty();
        (await SendAs(stranger.Id, new SearchMessagesQuery("confidential", _direct.Id))).Items.Should().BeEmpty();
        await Invalid(() => SendAs(_bob.Id, new SearchMessagesQuery("   ")), "q");
        await Invalid(() => SendAs(_bob.Id, new SearchMessagesQuery("\"*\"")), "q");
        await Refused<BadRequestException>(() => SendAs(_bob.Id, new SearchMessagesQuery("plan", Cursor: "!!")), "bad_request");
    }

    [Fact]
    public async Task An_edited_message_is_found_by_its_new_words_only()
    {
        var sent = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "apple pie"));

        await SendAs(_alice.Id, new EditMessageCommand(sent.Message.Id, "banana split"));

        (await SendAs(_bob.Id, new SearchMessagesQuery("apple"))).Items.Should().BeEmpty();
        (await SendAs(_bob.Id, new SearchMessagesQuery("banana"))).Items.Select(m => m.Id).Should().Equal(sent.Message.Id);
    }

    [Fact]
    public async Task A_deleted_message_leaves_the_index()
    {
        var kept = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "cherry jam"));
        var deleted = await SendAs(_alice.Id, new SendMessageCommand(_direct.Id, "cherry tart"));

        await SendAs(_alice.Id, new DeleteMessageCommand(deleted.Message.Id));

        (await SendAs(_bob.Id, new SearchMessagesQuery("cherry"))).Items.Select(m => m.Id).Should().Equal(kept.Message.Id);
        // The search also hides deleted messages when it reads them, so the index row itself is what must be gone.
        (await Host.RowsAsync<MessageSearchEntry>()).Select(e => e.MessageId).Should().Equal(kept.Message.Id);
    }
}

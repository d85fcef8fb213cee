using Chat.Application.Features.Conversations.GetConversation;
using Chat.Application.Features.Conversations.GetConversations;
using Chat.Application.Features.Conversations.GetUnread;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Tests.Friends;
using Chat.Application.Tests.Support;
using Chat.Domain.Conversations;
using Chat.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Conversations;

/// <summary>
/// The conversation list and the unread counts without a per-participant activity copy or a read row per channel
/// member (docs/decisions/0012-no-per-member-work-per-message.md): every table is reached through an index, on SQLite's
/// own plans (<c>EXPLAIN QUERY PLAN</c>); the only sort is the top-N over the caller's own conversations.
/// </summary>
[Covers(typeof(GetConversationsQueryHandler), typeof(GetUnreadQueryHandler), typeof(GetConversationQueryHandler))]
public sealed class ConversationListPlanTests : HandlerTest
{
    private readonly SqliteQueryPlans _plans = new();

    protected override void Configure(IServiceCollection services) =>
        services.ConfigureDbContext<ChatDbContext>(o => o.AddInterceptors(_plans));

    [Fact]
    public async Task Listing_conversations_and_counting_unread_search_indexes_and_never_scan_a_table()
    {
        var users = await Given.UsersAsync("alice", "bob", "carol");
        var (alice, bob, carol) = (users[0], users[1], users[2]);
        var direct = await Given.DirectAsync(alice, bob);
        await Given.GroupAsync(alice, "group", bob, carol);
        var room = await Given.RoomAsync(bob, "guild", true, alice);
        var news = await Given.ChannelAsync(room, bob, "news");
        Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendAs(bob.Id, new SendMessageCommand(direct.Id, "hi"));
        await SendAs(bob.Id, new SendMessageCommand(news.Id, "news"));
        _plans.Clear();

        var all = await SendAs(alice.Id, new GetConversationsQuery(Limit: 1));
        await SendAs(alice.Id, new GetConversationsQuery(Limit: 1, Cursor: all.NextCursor));
        var channels = await SendAs(alice.Id, new GetConversationsQuery(ConversationKind.Channel));
        var unread = await SendAs(alice.Id, new GetUnreadQuery());

        all.Items.Should().ContainSingle().Which.Id.Should().Be(direct.Id, "newest activity first");
        channels.Items.Select(c => c.Id).Should().Equal(news.Id, room.General.Id);
        unread.Total.Should().Be(2);
        _plans.Queries.Should().NotBeEmpty();
        foreach (var (sql, plan) in _plans.Queries)
        {
            plan.Should().NotContain(step => SqliteQueryPlans.IsTableScan(step), "every table is reached by an index:\n{0}\n{1}", sql, string.Join("\n", plan));
        }
    }
}

using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Realtime;

namespace Chat.Infrastructure.Tests.Realtime;

public sealed class RealtimeTicketStoreTests
{
    private readonly TimerClock _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_ticket_is_redeemed_once_for_its_user()
    {
        var store = new RealtimeTicketStore(_clock);
        var grant = new RealtimeTicketGrant(Guid.CreateVersion7(), IsAdmin: true, Guid.CreateVersion7(), DateTime.UtcNow.AddMinutes(15));
        var ticket = store.Issue(grant);

        store.Redeem(ticket).Should().Be(grant);
        store.Redeem(ticket).Should().BeNull();
        store.OutstandingCount.Should().Be(0);
    }

    [Fact]
    public void A_ticket_expires_after_thirty_seconds()
    {
        var store = new RealtimeTicketStore(_clock);
        var grant = new RealtimeTicketGrant(Guid.CreateVersion7(), false, Guid.CreateVersion7(), DateTime.UtcNow.AddMinutes(15));
        var early = store.Issue(grant);
        var late = store.Issue(grant);

        _clock.Advance(TimeSpan.FromSeconds(29));
        store.Redeem(early).Should().Be(grant);

        _clock.Advance(TimeSpan.FromSeconds(1));
        store.Redeem(late).Should().BeNull();
    }

    [Fact]
    public void Tickets_are_random_32_byte_base64url_strings()
    {
        var store = new RealtimeTicketStore(_clock);
        var grant = new RealtimeTicketGrant(Guid.CreateVersion7(), false, Guid.CreateVersion7(), DateTime.UtcNow.AddMinutes(15));

        var tickets = Enumerable.Range(0, 5).Select(_ => store.Issue(grant)).ToList();

        tickets.Should().OnlyHaveUniqueItems();
        tickets.Should().AllSatisfy(t =>
        {
            t.Should().MatchRegex("^[A-Za-z0-9_-]{43}$");
            System.Buffers.Text.Base64Url.DecodeFromChars(t).Should().HaveCount(32);
        });
    }

    [Fact]
    public void A_user_holds_a_bounded_number_of_tickets_and_the_oldest_go_first()
    {
        var store = new RealtimeTicketStore(_clock);
        var grant = new RealtimeTicketGrant(Guid.CreateVersion7(), false, Guid.CreateVersion7(), DateTime.UtcNow.AddMinutes(15));
        var oldest = store.Issue(grant);

        var rest = Enumerable.Range(0, RealtimeTicketStore.MaxPerUser).Select(_ => store.Issue(grant)).ToList();

        store.OutstandingCount.Should().Be(RealtimeTicketStore.MaxPerUser);
        store.Redeem(oldest).Should().BeNull();
        store.Redeem(rest[^1]).Should().Be(grant);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-ticket")]
    public void Unknown_tickets_redeem_nothing(string ticket) =>
        new RealtimeTicketStore(_clock).Redeem(ticket).Should().BeNull();
}

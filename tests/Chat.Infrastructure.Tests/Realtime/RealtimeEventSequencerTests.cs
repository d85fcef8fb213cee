using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Chat.Infrastructure.Tests.Realtime;

/// <summary>Each conversation's ordered events leave in version order, however their publishers race.</summary>
public sealed class RealtimeEventSequencerTests : IDisposable
{
    private static readonly Guid Conversation = Guid.CreateVersion7();
    private readonly List<string> _published = [];
    private readonly TimerClock _clock = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    private readonly RealtimeEventSequencer _sequencer;

    public RealtimeEventSequencerTests()
    {
        var bus = Substitute.For<IRealtimeBus>();
        bus.When(b => b.Publish(Arg.Any<RealtimeEnvelope>())).Do(call => _published.Add(call.Arg<RealtimeEnvelope>().Type));
        _sequencer = new RealtimeEventSequencer(bus, new RealtimeOptions { OrderingTimeoutMilliseconds = 2000 }, _clock, NullLogger<RealtimeEventSequencer>.Instance);
    }

    public void Dispose() => _sequencer.Dispose();

    [Fact]
    public void A_later_version_published_first_waits_for_the_earlier_one()
    {
        var first = _sequencer.Reserve(Conversation, 5);
        var second = _sequencer.Reserve(Conversation, 6);

        _sequencer.Submit(Conversation, 6, Envelope("v6"));
        _published.Should().BeEmpty();

        _sequencer.Submit(Conversation, 5, Envelope("v5"));
        _published.Should().Equal("v5");

        first.Dispose();
        _published.Should().Equal("v5", "v6");
        second.Dispose();
        _sequencer.ActiveStreamCount.Should().Be(0);
        _sequencer.HeldCount.Should().Be(0);
    }

    [Fact]
    public void An_earlier_change_that_rolled_back_releases_the_later_ones()
    {
        var doomed = _sequencer.Reserve(Conversation, 5);
        var next = _sequencer.Reserve(Conversation, 6);
        _sequencer.Submit(Conversation, 6, Envelope("v6"));

        doomed.Dispose();

        _published.Should().Equal("v6");
        next.Dispose();
        _sequencer.ActiveStreamCount.Should().Be(0);
    }

    [Fact]
    public void Held_events_leave_in_version_order_whatever_order_they_arrived_in()
    {
        var reservations = Enumerable.Range(1, 5).Select(v => _sequencer.Reserve(Conversation, v)).ToList();

        foreach (var version in new[] { 4, 2, 5, 3 })
        {
            _sequencer.Submit(Conversation, version, Envelope("v" + version));
        }

        _published.Should().BeEmpty();
        _sequencer.Submit(Conversation, 1, Envelope("v1"));
        reservations[0].Dispose();

        // v2's own change is still dispatching (it may have more to say), so v3 waits for it.
        _published.Should().Equal("v1", "v2");
        reservations.ForEach(r => r.Dispose());
        _published.Should().Equal("v1", "v2", "v3", "v4", "v5");
        _sequencer.ActiveStreamCount.Should().Be(0);
    }

    [Fact]
    public void Other_conversations_and_unreserved_events_are_never_held()
    {
        using var blocking = _sequencer.Reserve(Conversation, 1);
        var other = Guid.CreateVersion7();

        _sequencer.Submit(other, 9, Envelope("other"));
        _sequencer.Submit(Conversation, 1, Envelope("own"));

        _published.Should().Equal("other", "own");
    }

    [Fact]
    public void An_event_waits_at_most_the_ordering_timeout_for_a_stuck_earlier_change()
    {
        var stuck = _sequencer.Reserve(Conversation, 5);
        using var later = _sequencer.Reserve(Conversation, 6);
        _sequencer.Submit(Conversation, 6, Envelope("v6"));

        _clock.Advance(TimeSpan.FromMilliseconds(1900));
        _published.Should().BeEmpty();

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        _published.Should().Equal("v6");

        stuck.Dispose(); // a late release of an abandoned reservation changes nothing
        _published.Should().Equal("v6");
    }

    private static RealtimeEnvelope Envelope(string name) => new([Guid.CreateVersion7()], null, name, Array.Empty<byte>());
}

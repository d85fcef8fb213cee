using System.Text;
using Chat.Infrastructure.Realtime;
using Chat.Infrastructure.Redis;
using Chat.Infrastructure.Tests.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Infrastructure.Tests.Redis;

/// <summary>
/// One conversation's events reach a node's sockets in version order however the nodes' publishes cross, including the
/// conversation's first events on a node that has just started listening (decision 0014).
/// </summary>
public sealed class CrossNodeOrderingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private static readonly Guid Conversation = Guid.CreateVersion7();
    private static readonly Guid Member = Guid.CreateVersion7();
    private readonly List<long> _delivered = [];
    private readonly List<Guid> _caughtUp = [];
    private readonly TimerClock _clock = new(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero));
    private readonly CrossNodeOrdering _ordering;

    public CrossNodeOrderingTests() =>
        _ordering = new CrossNodeOrdering(
            e => _delivered.Add(EventPosition.Of(e.Frame.Span)!.Value.Version), (c, _) => _caughtUp.Add(c), Timeout, _clock, NullLogger.Instance);

    public void Dispose() => _ordering.Dispose();

    [Fact]
    public void A_later_version_waits_for_the_earlier_one_from_another_node()
    {
        _ordering.Arrive(Message(1), follows: false).Should().BeTrue();
        _ordering.Arrive(Message(3), follows: true).Should().BeFalse("version 2 has not gone out here");
        _ordering.Arrive(Message(2), follows: false).Should().BeTrue();

        _delivered.Should().Equal(1, 2, 3);
        _caughtUp.Should().BeEmpty();
        _ordering.HeldCount.Should().Be(0);
    }

    [Fact]
    public void Three_nodes_starting_a_conversation_at_once_deliver_it_in_order_on_a_node_that_sees_the_third_change_first()
    {
        // This node just started listening: it knows nothing of the conversation, and its own v3 comes first.
        _ordering.Arrive(Message(3), follows: false).Should().BeFalse("versions 1 and 2 may still be on their way");
        _ordering.Arrive(Message(2), follows: false).Should().BeFalse();
        _ordering.Arrive(Message(1), follows: false).Should().BeTrue("version 1 starts a conversation");

        _delivered.Should().Equal(1, 2, 3);
        _caughtUp.Should().BeEmpty();
    }

    [Fact]
    public void An_event_whose_publisher_had_delivered_its_predecessor_starts_the_conversation_at_once()
    {
        _ordering.Arrive(Message(41), follows: true).Should().BeTrue();
        _ordering.Arrive(Message(42), follows: false).Should().BeTrue();

        _delivered.Should().Equal(41, 42);
    }

    [Fact]
    public void A_first_event_whose_predecessor_never_comes_goes_out_after_the_timeout_without_catch_up()
    {
        _ordering.Arrive(Message(17), follows: false).Should().BeFalse();
        _clock.Advance(Timeout / 2);
        _delivered.Should().BeEmpty();

        _clock.Advance(Timeout);

        _delivered.Should().Equal(17);
        _caughtUp.Should().BeEmpty("nothing says version 16 was published after this node started listening");
        _ordering.Arrive(Message(18), follows: false).Should().BeTrue();
        _delivered.Should().Equal(17, 18);
    }

    [Fact]
    public void A_gap_that_stays_open_past_the_timeout_sends_catch_up_then_the_held_events()
    {
        _ordering.Arrive(Message(1), follows: false);
        _ordering.Arrive(Message(3), follows: true);

        _clock.Advance(Timeout + TimeSpan.FromMilliseconds(200));

        _delivered.Should().Equal(1, 3);
        _caughtUp.Should().Equal(Conversation);
    }

    [Fact]
    public void An_event_held_for_the_timeout_goes_out_even_when_an_earlier_version_joined_it_later()
    {
        _ordering.Arrive(Message(1), follows: false);
        _ordering.Arrive(Message(4), follows: true);
        _clock.Advance(TimeSpan.FromMilliseconds(1500));
        _ordering.Arrive(Message(3), follows: true);

        _clock.Advance(TimeSpan.FromMilliseconds(600));

        _delivered.Should().Equal(1, 3, 4);
        _caughtUp.Should().Equal(Conversation);
    }

    [Fact]
    public void A_node_that_has_listened_past_the_horizon_starts_an_unknown_conversation_at_its_first_event()
    {
        _clock.Advance(CrossNodeOrdering.Horizon + TimeSpan.FromSeconds(1));

        _ordering.Arrive(Message(500), follows: false).Should().BeTrue("a conversation not heard of for the horizon was quiet");
        _delivered.Should().Equal(500);
    }

    [Fact]
    public void After_a_reset_each_conversation_starts_again_at_its_next_event()
    {
        _ordering.Arrive(Message(1), follows: false);
        _ordering.Arrive(Message(3), follows: false);

        _ordering.Reset();
        _delivered.Should().Equal(1, 3);
        _ordering.Arrive(Message(9), follows: false).Should().BeTrue("every socket was told to catch up at the reconnect");
        _delivered.Should().Equal(1, 3, 9);
        _caughtUp.Should().BeEmpty();
    }

    [Fact]
    public void The_follows_flag_travels_in_the_envelope_between_nodes()
    {
        var node = Guid.CreateVersion7();
        foreach (var follows in new[] { true, false })
        {
            var decoded = RedisEnvelopeCodec.Decode(RedisEnvelopeCodec.EncodeEvent(node, 7, Message(5), follows));
            decoded!.Value.Follows.Should().Be(follows);
            decoded.Value.Sequence.Should().Be(7);
            EventPosition.Of(decoded.Value.Envelope!.Frame.Span).Should().Be((Conversation, 5L));
        }
    }

    private static RealtimeEnvelope Message(long version)
    {
        var frame = Encoding.UTF8.GetBytes(
            $$$"""{"type":"new_message","message":{"id":"{{{Guid.CreateVersion7()}}}","conversationId":"{{{Conversation}}}","seq":{{{version}}},"version":{{{version}}}}}""");
        return new RealtimeEnvelope([Member], null, "new_message", frame);
    }
}

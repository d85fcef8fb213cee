using Chat.Infrastructure.Realtime;

namespace Chat.Infrastructure.Tests.Realtime;

/// <summary>The fan-out's coalescing window: only large rounds in quick succession are held, and never longer than the window.</summary>
public sealed class FanOutPacerTests
{
    private const long Window = 10_000; // timestamp ticks

    [Fact]
    public void The_first_round_is_never_held()
    {
        var pacer = new FanOutPacer(Window, largeRoundRecipients: 200);

        pacer.HoldTicks(now: 5).Should().Be(0);
    }

    [Fact]
    public void A_round_after_a_large_one_waits_for_the_rest_of_the_window_since_that_one_began()
    {
        var pacer = new FanOutPacer(Window, largeRoundRecipients: 200);
        pacer.RoundDone(startedAt: 1_000, recipients: 1_000);

        pacer.HoldTicks(now: 4_000).Should().Be(7_000, "the window runs from the large round's start");
        pacer.HoldTicks(now: 10_999).Should().Be(1);
        pacer.HoldTicks(now: 11_000).Should().Be(0, "the window is over");
        pacer.HoldTicks(now: 500_000).Should().Be(0, "an event long after the last large round goes at once");
    }

    [Fact]
    public void A_small_round_holds_nothing_and_clears_an_earlier_large_one()
    {
        var pacer = new FanOutPacer(Window, largeRoundRecipients: 200);
        pacer.RoundDone(startedAt: 1_000, recipients: 199);
        pacer.HoldTicks(now: 1_500).Should().Be(0, "a direct message or a small group is never held");

        pacer.RoundDone(startedAt: 2_000, recipients: 200);
        pacer.RoundDone(startedAt: 3_000, recipients: 2);
        pacer.HoldTicks(now: 3_500).Should().Be(0);
    }

    [Fact]
    public void A_round_that_left_a_backlog_holds_nothing_so_a_busy_worker_is_never_slowed_down()
    {
        var pacer = new FanOutPacer(Window, largeRoundRecipients: 200);
        pacer.RoundDone(startedAt: 1_000, recipients: 64_000, backlogLeft: true);

        pacer.HoldTicks(now: 1_500).Should().Be(0, "events are already waiting: they form the next round at once");
    }

    [Fact]
    public void A_zero_window_turns_it_off_and_a_clock_going_backwards_holds_nothing()
    {
        var off = new FanOutPacer(0, largeRoundRecipients: 1);
        off.RoundDone(startedAt: 1_000, recipients: 5_000);
        off.HoldTicks(now: 1_001).Should().Be(0);

        var on = new FanOutPacer(Window, largeRoundRecipients: 1);
        on.RoundDone(startedAt: 1_000, recipients: 5);
        on.HoldTicks(now: 900).Should().Be(0);
    }
}

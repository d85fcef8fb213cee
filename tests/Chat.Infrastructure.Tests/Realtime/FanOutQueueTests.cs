using System.Diagnostics;
using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Infrastructure.Tests.Realtime;

/// <summary>The fan-out's overload signal (senders are refused while it is on) turns itself off once the lag is over.</summary>
public sealed class FanOutQueueTests : IDisposable
{
    private readonly RealtimeEventSequencer _sequencer;
    private readonly FanOutQueue _fanOut;

    public FanOutQueueTests()
    {
        // Every event frame counts as late: a frame that waited any time with any frame behind it.
        var options = new RealtimeOptions { FanOutLagMilliseconds = 0, FanOutLagFrames = 0 };
        var bus = new InProcessRealtimeBus(new LocalDelivery(new ConnectionRegistry()));
        _sequencer = new RealtimeEventSequencer(bus, options, TimeProvider.System, NullLogger<RealtimeEventSequencer>.Instance);
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        _fanOut = new FanOutQueue(_sequencer, bus, scopes, options, NullLogger<FanOutQueue>.Instance);
    }

    public void Dispose()
    {
        _fanOut.Dispose();
        _sequencer.Dispose();
    }

    [Fact]
    public async Task Late_frames_signal_overload_and_the_signal_ends_when_nothing_has_been_written_for_two_windows()
    {
        var queuedAt = Stopwatch.GetTimestamp() - Stopwatch.Frequency; // queued a second ago
        for (var i = 0; i < FanOutQueue.MinLateFrames; i++)
        {
            _fanOut.FrameWritten(queuedAt, stillQueued: 1);
        }

        _fanOut.IsOverloaded.Should().BeTrue("every frame written was late");

        // An overload's last late frames drained the queues, and while overloaded every send was refused, so no frame
        // follows them. The signal must not stay on for ever on their account.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        _fanOut.IsOverloaded.Should().BeFalse("nothing has been written for more than two windows: nothing is waiting");
    }
}

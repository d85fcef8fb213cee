using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Serialization;
using Chat.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// The conversation fan-out, off the sender's path: a committed event's push waits in the
/// <see cref="RealtimeEventSequencer"/> for the conversation's earlier changes, then joins one of a few bounded queues
/// (chosen by conversation, so one conversation's pushes stay in order); a worker resolves its recipients
/// (<see cref="IConversationRecipients"/>, the node's cache), builds its views, serializes each view once and publishes it
/// on the bus. Also the node's overload signal (<see cref="IFanOutPressure"/>).
/// </summary>
/// <remarks>
/// Overloaded means: more than <see cref="RealtimeOptions.FanOutBacklogLimit"/> pushes wait for a worker, or in the last
/// second at least half of the event frames written to sockets (and at least <see cref="MinLateFrames"/>) were late:
/// they had waited in their socket's queue longer than <see cref="RealtimeOptions.FanOutLagMilliseconds"/> with at least
/// <see cref="RealtimeOptions.FanOutLagFrames"/> more frames queued behind them. A few slow clients barely count
/// (they write little); the server falling behind shows on every socket. A push that finds its queue full (far beyond
/// the limit that refuses senders) is dropped with a warning: its recipients see a version gap and catch up over REST.
/// </remarks>
public sealed class FanOutQueue : IConversationFanOut, IFanOutPressure, IDisposable
{
    public const int MinLateFrames = 20;

    private const int BatchPerScope = 64;

    // A message's optional fields (rest.md "Message": replyToId?, threadRootId?, editedAt?, deletedAt?, status?,
    // clientMessageId?) are left out of pushed frames when empty: about 90 bytes of nulls per new_message.
    private static readonly HashSet<string> OptionalMessageFields = ["replyToId", "threadRootId", "editedAt", "deletedAt", "status", "clientMessageId"];

    private static readonly JsonSerializerOptions FrameJson = new(ChatJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyOptionalMessageFields } },
    };

    private static readonly long WindowTicks = Stopwatch.Frequency;

    private readonly RealtimeEventSequencer _sequencer;
    private readonly IRealtimeBus _bus;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<FanOutQueue> _logger;
    private readonly Channel<ConversationPush>[] _queues;
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _backlogLimit;
    private readonly long _lagTicks;
    private readonly int _lagFrames;
    private readonly long _coalesceTicks;
    private readonly int _coalesceRecipients;
    private readonly Lock _windowGate = new();
    private long _backlog;
    private long _views;
    private long _dropped;
    private long _rounds;
    private long _windowStart = Stopwatch.GetTimestamp();
    private int _writes;
    private int _late;
    private volatile bool _lagging;

    public FanOutQueue(RealtimeEventSequencer sequencer, IRealtimeBus bus, IServiceScopeFactory scopes, RealtimeOptions options, ILogger<FanOutQueue> logger)
    {
        _sequencer = sequencer;
        _bus = bus;
        _scopes = scopes;
        _logger = logger;
        _backlogLimit = Math.Max(1, options.FanOutBacklogLimit);
        _lagTicks = StopwatchTicks(options.FanOutLagMilliseconds);
        _lagFrames = Math.Max(0, options.FanOutLagFrames);
        _coalesceTicks = StopwatchTicks(options.FanOutCoalesceMilliseconds);
        _coalesceRecipients = Math.Max(1, options.FanOutCoalesceRecipients);
        var workers = Math.Clamp(Environment.ProcessorCount, 2, 8);
        var capacity = Math.Max(16, options.FanOutQueueCapacity / workers);
        _queues = new Channel<ConversationPush>[workers];
        for (var i = 0; i < workers; i++)
        {
            _queues[i] = Channel.CreateBounded<ConversationPush>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full: never blocks
            });
            var reader = _queues[i].Reader;
            _ = Task.Run(() => RunAsync(reader, _stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>Pushes accepted and not yet handed to the bus (held for order, queued, or being worked on).</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    /// <summary>Views serialized so far: one per distinct view of each event, whatever the number of recipients.</summary>
    public long ViewsSerialized => Interlocked.Read(ref _views);

    /// <summary>Fan-out rounds so far: each is the pushes one worker took together (several when a round was held).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Pushes dropped because their queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsOverloaded => Interlocked.Read(ref _backlog) > _backlogLimit || IsLagging();

    public TimeSpan RetryAfter => TimeSpan.FromSeconds(1);

    public Task PublishAsync(ConversationPush push, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _backlog);
        _sequencer.Submit(push.ConversationId, push.Position, () => Enqueue(push));
        return Task.CompletedTask;
    }

    /// <summary>
    /// A socket wrote a frame that <see cref="LocalDelivery"/> queued at <paramref name="enqueuedAt"/> (a
    /// <see cref="Stopwatch"/> timestamp; 0 for the socket's own answers, which are not counted), with
    /// <paramref name="stillQueued"/> frames behind it. It was late if it waited longer than the lag limit while a
    /// backlog stood behind it (a paused machine delays frames too, but builds no backlog at a load it can carry).
    /// </summary>
    public void FrameWritten(long enqueuedAt, int stillQueued)
    {
        if (enqueuedAt == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _writes);
        if (now - enqueuedAt > _lagTicks && stillQueued >= _lagFrames)
        {
            Interlocked.Increment(ref _late);
        }

        if (now - Volatile.Read(ref _windowStart) > WindowTicks)
        {
            lock (_windowGate)
            {
                if (now - _windowStart > WindowTicks)
                {
                    var writes = Interlocked.Exchange(ref _writes, 0);
                    var late = Interlocked.Exchange(ref _late, 0);
                    _lagging = late >= MinLateFrames && late * 2 >= writes;
                    Volatile.Write(ref _windowStart, now);
                }
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }
    }

    private static long StopwatchTicks(int milliseconds) => (long)(Math.Max(0, milliseconds) / 1000.0 * Stopwatch.Frequency);

    private static void OmitEmptyOptionalMessageFields(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(Application.Features.Messages.MessageDto))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (OptionalMessageFields.Contains(property.Name))
            {
                property.ShouldSerialize = static (_, value) => value is not null;
            }
        }
    }

    private bool IsLagging()
    {
        // A window ends only when a frame is written after it. Nothing written for two windows means no backlog is
        // waiting behind anything: not lagging, whatever the last frames said. Without this, the late frames that drained
        // an overload kept the open window "lagging" for ever: every send was refused, so no frame was written again
        // (found by the fan-out bench: after a step at 2x the max, every later send was refused).
        if (Stopwatch.GetTimestamp() - Volatile.Read(ref _windowStart) > 2 * WindowTicks)
        {
            return false;
        }

        var late = Volatile.Read(ref _late);
        if (late >= MinLateFrames && late * 2 >= Volatile.Read(ref _writes))
        {
            return true; // the current window already says so
        }

        return _lagging; // the last complete window
    }

    private void Enqueue(ConversationPush push)
    {
        var queue = _queues[(push.ConversationId.GetHashCode() & int.MaxValue) % _queues.Length];
        if (!queue.Writer.TryWrite(push))
        {
            Interlocked.Decrement(ref _backlog);
            Interlocked.Increment(ref _dropped);
            _logger.LogWarning("Fan-out queue full: an event of conversation {ConversationId} at version {Version} was dropped; its recipients catch up", push.ConversationId, push.Position);
        }
    }

    private async Task RunAsync(ChannelReader<ConversationPush> reader, CancellationToken stopping)
    {
        var pacer = new FanOutPacer(_coalesceTicks, _coalesceRecipients);
        try
        {
            while (await reader.WaitToReadAsync(stopping))
            {
                var hold = pacer.HoldTicks(Stopwatch.GetTimestamp());
                if (hold > 0)
                {
                    // Large fan-outs in quick succession: let this round gather what arrives meanwhile, so that each
                    // socket is woken and written once for several frames (docs/benchmarks.md item 24).
                    await Task.Delay(Stopwatch.GetElapsedTime(0, hold), stopping);
                }

                var roundStart = Stopwatch.GetTimestamp();
                var delivered = 0;

                // One scope (one DbContext) for a batch of pushes: recipients are mostly cached, reads are few.
                await using var scope = _scopes.CreateAsyncScope();
                var recipients = scope.ServiceProvider.GetRequiredService<IConversationRecipients>();
                var taken = 0;
                for (; taken < BatchPerScope && reader.TryRead(out var push); taken++)
                {
                    try
                    {
                        delivered += await RunAsync(push, recipients, scope.ServiceProvider, stopping);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && DatabaseFailures.Classify(ex) != DatabaseFailureKind.None)
                    {
                        _logger.LogWarning("Fanning out an event of conversation {ConversationId} failed: {Cause}", push.ConversationId, DatabaseFailures.CauseOf(ex));
                    }
                    catch (Exception ex) when (ex is Application.Common.Exceptions.ChatApplicationException or Domain.Common.DomainException)
                    {
                        _logger.LogDebug("Fanning out an event of conversation {ConversationId} skipped: {Reason}", push.ConversationId, ex.Message);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && !stopping.IsCancellationRequested)
                    {
                        _logger.LogError(ex, "Fanning out an event of conversation {ConversationId} failed", push.ConversationId);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _backlog);
                    }
                }

                pacer.RoundDone(roundStart, delivered, backlogLeft: taken == BatchPerScope && reader.Count > 0);
                Interlocked.Increment(ref _rounds);
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Shutting down (the host's services may already be disposed): what is still queued is caught up by the clients.
        }
    }

    /// <returns>The recipients the event was published to, over all its views.</returns>
    private async Task<int> RunAsync(ConversationPush push, IConversationRecipients recipients, IServiceProvider services, CancellationToken stopping)
    {
        var to = await recipients.OfAsync(push.ConversationId, push.MembershipVersion, stopping);
        if (to.UserIds.Count == 0)
        {
            return 0;
        }

        var published = 0;
        foreach (var view in await push.Views(to, services, stopping))
        {
            if (view.UserIds.Count == 0)
            {
                continue;
            }

            var frame = JsonSerializer.SerializeToUtf8Bytes(view.Event, view.Event.GetType(), FrameJson);
            Interlocked.Increment(ref _views);
            var type = FrameType.Of(frame) ?? view.Event.GetType().Name;
            _bus.Publish(new RealtimeEnvelope(view.UserIds, push.ExceptSocketSessionId, type, frame, (view.Event as IDeliveryTrackedEvent)?.Receipt));
            published += view.UserIds.Count;
        }

        return published;
    }
}

using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Serialization;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// The application's way out to sockets: serializes an event once, wraps it in an envelope and publishes it on the bus;
/// ordered events (<see cref="IOrderedRealtimeEvent"/>) pass through the <see cref="RealtimeEventSequencer"/> first.
/// </summary>
internal sealed class RealtimeNotifier(IRealtimeBus bus, RealtimeEventSequencer sequencer, RealtimeMetrics metrics) : IRealtimeNotifier
{
    public Task NotifyUsersAsync(IReadOnlyCollection<Guid> userIds, object realtimeEvent, Guid? exceptSocketSessionId = null, CancellationToken cancellationToken = default)
    {
        if (userIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        var frame = JsonSerializer.SerializeToUtf8Bytes(realtimeEvent, realtimeEvent.GetType(), ChatJson.Options);
        var type = FrameType.Of(frame) ?? realtimeEvent.GetType().Name;
        var receipt = (realtimeEvent as IDeliveryTrackedEvent)?.Receipt;
        var envelope = new RealtimeEnvelope(userIds.Distinct().ToArray(), exceptSocketSessionId, type, frame, receipt);
        metrics.EventPublished(type);

        if (realtimeEvent is IOrderedRealtimeEvent ordered)
        {
            sequencer.Submit(ordered.StreamId, ordered.Position, envelope);
        }
        else
        {
            bus.Publish(envelope);
        }

        return Task.CompletedTask;
    }
}

namespace Chat.Infrastructure.Realtime;

/// <summary>The single-node bus: every event goes straight to the sockets on this node.</summary>
internal sealed class InProcessRealtimeBus(LocalDelivery delivery) : IRealtimeBus
{
    public void Publish(RealtimeEnvelope envelope) => delivery.Deliver(envelope);
}

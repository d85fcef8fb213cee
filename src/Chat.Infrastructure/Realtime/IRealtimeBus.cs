namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Carries events to the nodes that hold the recipients' sockets. The in-process bus delivers on this node; a broker
/// bus (RabbitMQ) also fans out to every other node. <see cref="Publish"/> must not block and must keep the order of
/// its calls: the per-conversation ordering happens before it.
/// </summary>
public interface IRealtimeBus
{
    void Publish(RealtimeEnvelope envelope);
}

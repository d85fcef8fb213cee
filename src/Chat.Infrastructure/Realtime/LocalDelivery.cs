namespace Chat.Infrastructure.Realtime;

/// <summary>Queues an envelope's frame to every recipient socket on this node (never blocking: a full queue closes that socket).</summary>
public sealed class LocalDelivery(ConnectionRegistry registry)
{
    public void Deliver(RealtimeEnvelope envelope)
    {
        var frame = new OutboundFrame(envelope.Frame, envelope.Receipt);
        for (var i = 0; i < envelope.UserIds.Count; i++)
        {
            foreach (var connection in registry.ConnectionsOf(envelope.UserIds[i]))
            {
                if (connection.SessionId != envelope.ExceptSessionId)
                {
                    connection.TryEnqueue(frame);
                }
            }
        }
    }
}

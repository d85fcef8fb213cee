using System.Diagnostics;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Queues an envelope's frame to every recipient socket on this node (never blocking: a full queue closes that socket).
/// Allocates nothing per recipient: one frame value (the shared bytes, stamped with the time) is copied into each queue.
/// </summary>
public sealed class LocalDelivery(ConnectionRegistry registry)
{
    public void Deliver(RealtimeEnvelope envelope)
    {
        var frame = new OutboundFrame(envelope.Frame, envelope.Receipt, Stopwatch.GetTimestamp());
        var userIds = envelope.UserIds;
        for (var i = 0; i < userIds.Count; i++)
        {
            var sockets = registry.SocketsOf(userIds[i]);
            for (var j = 0; j < sockets.Length; j++)
            {
                var connection = sockets[j];
                if (connection.SessionId != envelope.ExceptSessionId)
                {
                    connection.TryEnqueue(frame);
                }
            }
        }
    }
}

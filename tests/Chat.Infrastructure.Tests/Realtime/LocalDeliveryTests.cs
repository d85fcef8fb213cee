using System.Net.WebSockets;
using Chat.Infrastructure.Realtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chat.Infrastructure.Tests.Realtime;

/// <summary>Delivering one event to many sockets shares its bytes and allocates nothing per recipient.</summary>
public sealed class LocalDeliveryTests : IDisposable
{
    private const int Recipients = 1000;

    private readonly ConnectionRegistry _registry = new();
    private readonly List<WebSocketConnection> _connections = [];

    public LocalDeliveryTests()
    {
        for (var i = 0; i < Recipients; i++)
        {
            // A server-side socket over an in-memory stream: nothing is written until the socket runs, so frames stay queued.
            var socket = WebSocket.CreateFromStream(new MemoryStream(), new WebSocketCreationOptions { IsServer = true });
            var connection = new WebSocketConnection(socket, Guid.CreateVersion7(), Guid.CreateVersion7(), queueCapacity: 64, maxMessageBytes: 1024, NullLogger.Instance);
            _connections.Add(connection);
            _registry.Add(connection, maxPerUser: 10);
        }
    }

    public void Dispose() => _connections.ForEach(c => c.Dispose());

    [Fact]
    public void One_event_to_a_thousand_sockets_allocates_nothing_per_recipient()
    {
        var delivery = new LocalDelivery(_registry);
        var users = _connections.Select(c => c.UserId).ToArray();
        var envelope = new RealtimeEnvelope(users, null, "new_message", new byte[600]);
        delivery.Deliver(envelope); // the queues take their first frames (and size themselves)
        delivery.Deliver(envelope);

        var before = GC.GetAllocatedBytesForCurrentThread();
        delivery.Deliver(envelope);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().BeLessThan(Recipients, "less than one byte per recipient: the frame value is copied into each queue, the bytes are shared");
        _connections.Should().OnlyContain(c => c.QueuedCount == 3 && !c.IsClosing);
    }
}

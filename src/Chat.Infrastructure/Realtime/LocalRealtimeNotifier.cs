using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Serialization;

namespace Chat.Infrastructure.Realtime;

/// <summary>Delivers an event to the sockets on this node: serialized once, the same bytes queued to every recipient socket.</summary>
internal sealed class LocalRealtimeNotifier(ConnectionRegistry registry) : IRealtimeNotifier
{
    public Task NotifyUsersAsync(IReadOnlyCollection<Guid> userIds, object realtimeEvent, Guid? exceptSocketSessionId = null, CancellationToken cancellationToken = default)
    {
        ReadOnlyMemory<byte> frame = JsonSerializer.SerializeToUtf8Bytes(realtimeEvent, realtimeEvent.GetType(), ChatJson.Options);
        foreach (var userId in userIds.Distinct())
        {
            foreach (var connection in registry.ConnectionsOf(userId))
            {
                if (connection.SessionId != exceptSocketSessionId)
                {
                    connection.TryEnqueue(frame);
                }
            }
        }

        return Task.CompletedTask;
    }
}

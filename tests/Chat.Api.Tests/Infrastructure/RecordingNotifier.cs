using System.Collections.Concurrent;
using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Serialization;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>Records the real-time events the application publishes (as their JSON), so tests can check recipients and payloads.</summary>
public sealed class RecordingNotifier : IRealtimeNotifier
{
    private readonly ConcurrentQueue<Notification> _sent = new();

    public IReadOnlyList<Notification> Sent => [.. _sent];

    public Task NotifyUsersAsync(IReadOnlyCollection<Guid> userIds, object realtimeEvent, Guid? exceptSocketSessionId = null, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToElement(realtimeEvent, realtimeEvent.GetType(), ChatJson.Options);
        _sent.Enqueue(new Notification(userIds.ToList(), json, exceptSocketSessionId));
        return Task.CompletedTask;
    }

    public IReadOnlyList<Notification> OfType(string type) => Sent.Where(n => n.Type == type).ToList();

    public void Clear() => _sent.Clear();

    public sealed record Notification(IReadOnlyList<Guid> UserIds, JsonElement Event, Guid? ExceptSocketSessionId)
    {
        public string Type => Event.GetProperty("type").GetString()!;
    }
}

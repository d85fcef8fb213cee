using System.Collections.Concurrent;
using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Serialization;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// Records the real-time events the application publishes — each push's recipients with the event object, and as the
/// JSON a client would read — so tests can check recipients and payloads.
/// </summary>
public sealed class RecordingNotifier : IRealtimeNotifier
{
    private readonly ConcurrentQueue<Notification> _sent = new();

    /// <summary>Every push, as JSON.</summary>
    public IReadOnlyList<Notification> Sent => [.. _sent];

    /// <summary>Every push: the recipients and the event object.</summary>
    public IReadOnlyList<(IReadOnlyCollection<Guid> Recipients, object Event)> Pushes => _sent.Select(n => (n.Recipients, n.Object)).ToList();

    public Task NotifyUsersAsync(IReadOnlyCollection<Guid> userIds, object realtimeEvent, Guid? exceptSocketSessionId = null, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToElement(realtimeEvent, realtimeEvent.GetType(), ChatJson.Options);
        _sent.Enqueue(new Notification(userIds.ToList(), json, exceptSocketSessionId) { Object = realtimeEvent });
        return Task.CompletedTask;
    }

    public IReadOnlyList<Notification> OfType(string type) => Sent.Where(n => n.Type == type).ToList();

    /// <summary>The pushes of events of type <typeparamref name="T"/>, with their recipients.</summary>
    public IReadOnlyList<(IReadOnlyCollection<Guid> Recipients, T Event)> Of<T>() =>
        _sent.Where(n => n.Object is T).Select(n => (n.Recipients, (T)n.Object)).ToList();

    /// <summary>Everyone a message's <c>new_message</c> went to (it may go out as several pushes, one per view of the message).</summary>
    public IReadOnlyList<Guid> RecipientsOfNewMessage(Guid messageId) =>
        Of<Chat.Application.Features.Messages.Events.NewMessageEvent>()
            .Where(p => p.Event.Message.Id == messageId)
            .SelectMany(p => p.Recipients)
            .Distinct()
            .ToList();

    public void Clear() => _sent.Clear();

    public sealed record Notification(IReadOnlyList<Guid> UserIds, JsonElement Event, Guid? ExceptSocketSessionId)
    {
        public string Type => Event.GetProperty("type").GetString()!;

        /// <summary>The event object as published.</summary>
        public object Object { get; init; } = Event;

        internal IReadOnlyCollection<Guid> Recipients => UserIds;
    }
}

using System.Net.WebSockets;

namespace Chat.Infrastructure.Realtime;

/// <summary>One open socket as the registry sees it: who it belongs to, a non-blocking way to queue a frame, and a way to close it.</summary>
public interface IRealtimeConnection
{
    Guid SessionId { get; }

    Guid UserId { get; }

    /// <summary>The login (access token <c>sid</c>) the socket was opened with or last renewed to; ending it closes the socket.</summary>
    Guid LoginSessionId { get; }

    /// <summary>Queues a frame; false when the socket is closing or its bounded queue is full (it then closes with 1013).</summary>
    bool TryEnqueue(OutboundFrame frame);

    /// <summary>Starts closing the socket with this status; frames still queued are dropped. Safe to call more than once.</summary>
    void Close(WebSocketCloseStatus status, string reason);
}

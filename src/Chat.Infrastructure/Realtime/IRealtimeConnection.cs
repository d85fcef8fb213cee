namespace Chat.Infrastructure.Realtime;

/// <summary>One open socket as the registry sees it: who it belongs to, and a non-blocking way to queue a frame for it.</summary>
public interface IRealtimeConnection
{
    Guid SessionId { get; }

    Guid UserId { get; }

    /// <summary>Queues an already-serialized UTF-8 frame; false when the socket's bounded queue is full (it then closes with 1013).</summary>
    bool TryEnqueue(ReadOnlyMemory<byte> frame);
}

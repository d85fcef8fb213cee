namespace Chat.Application.Common.Interfaces;

/// <summary>This node's live numbers: open sockets, users online here, chat messages per second, and the node's name.</summary>
public sealed record RealtimeStatistics(int Connections, int OnlineUsers, double MessagesPerSecond, string Node);

/// <summary>The node's live numbers (for operators).</summary>
public interface IRealtimeStatistics
{
    RealtimeStatistics Snapshot();

    /// <summary>Counts a message stored by this node (for messages per second).</summary>
    void MessageStored();

    /// <summary>Records how long storing one message took (the send latency histogram).</summary>
    void MessageSendTook(TimeSpan elapsed);

    /// <summary>Counts refused credentials; <paramref name="kind"/> is <c>login</c>, <c>refresh</c> or <c>socket</c>.</summary>
    void AuthFailed(string kind);
}

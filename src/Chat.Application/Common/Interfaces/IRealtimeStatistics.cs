namespace Chat.Application.Common.Interfaces;

/// <summary>This node's live numbers: open sockets, users online here, chat messages per second, and the node's name.</summary>
public sealed record RealtimeStatistics(int Connections, int OnlineUsers, double MessagesPerSecond, string Node);

/// <summary>Reads the node's live numbers (for operators).</summary>
public interface IRealtimeStatistics
{
    RealtimeStatistics Snapshot();
}

namespace Chat.Application.Features.Admin.GetServerStats;

/// <summary>
/// <c>{ connections, onlineUsers, messagesPerSecond, node }</c>: open sockets and users online on this node, chat messages
/// published per second over the last 10 seconds, and the node's name; with encryption at rest on, <c>encryption</c>:
/// the job sealing messages, then attachments, written before it was switched on
/// (<c>{ sealed, remaining, attachmentsSealed, attachmentsRemaining }</c>; remaining counts null until counted).
/// </summary>
public sealed record ServerStatsDto(int Connections, int OnlineUsers, double MessagesPerSecond, string Node)
{
    /// <summary>Only with <c>Chat:Encryption:Enabled</c>: messages sealed by the background job since start and left to seal.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Chat.Application.Common.Interfaces.SealingProgress? Encryption { get; init; }
}

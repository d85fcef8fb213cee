namespace Chat.Application.Features.Admin.GetServerStats;

/// <summary>
/// <c>{ connections, onlineUsers, messagesPerSecond, node }</c>: open sockets and users online on this node, chat messages
/// published per second over the last 10 seconds, and the node's name.
/// </summary>
public sealed record ServerStatsDto(int Connections, int OnlineUsers, double MessagesPerSecond, string Node);

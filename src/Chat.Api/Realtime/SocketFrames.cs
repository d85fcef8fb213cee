using System.Text.Json.Serialization;
using Chat.Application.Features.Messages;

namespace Chat.Api.Realtime;

/// <summary>The frames the socket itself answers with (realtime.md); events from features are their own records.</summary>
internal static class SocketFrames
{
    /// <summary><see cref="SessionId"/> names this socket; <see cref="ExpiresAt"/> is when the credential it was opened with expires (renew with <c>reauthenticate</c>).</summary>
    public sealed record ConnectionEstablished(Guid UserId, Guid SessionId, DateTime ServerTime, int HeartbeatSeconds, DateTime ExpiresAt)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "connection_established";
    }

    public sealed record OnlineFriends(IReadOnlyList<Guid> Friends)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "online_friends";
    }

    /// <summary>The answer to <c>send_message</c>, once the message is stored (also for a retry that found it stored).</summary>
    public sealed record MessageSent(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ref,
        string? ClientMessageId,
        MessageDto Message)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "message_sent";
    }

    public sealed record Pong([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ref)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "pong";
    }

    /// <summary>The answer to <c>reauthenticate</c>: the socket now lives until <see cref="ExpiresAt"/> (the new token's expiry).</summary>
    public sealed record Reauthenticated(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ref,
        Guid SessionId,
        DateTime ExpiresAt)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "reauthenticated";
    }

    public sealed record Error(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ref,
        string Code,
        string Message,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfterSeconds = null)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "error";
    }
}

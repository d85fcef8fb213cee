using System.Text.Json.Serialization;

namespace Chat.Api.Realtime;

/// <summary>The frames the socket itself answers with (realtime.md); events from features are their own records.</summary>
internal static class SocketFrames
{
    public sealed record ConnectionEstablished(Guid UserId, Guid SessionId, DateTime ServerTime, int HeartbeatSeconds)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "connection_established";
    }

    public sealed record OnlineFriends(IReadOnlyList<Guid> Friends)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "online_friends";
    }

    public sealed record Pong([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ref)
    {
        [JsonPropertyOrder(-1)]
        public string Type => "pong";
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

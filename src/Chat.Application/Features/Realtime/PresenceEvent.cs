using System.Text.Json.Serialization;

namespace Chat.Application.Features.Realtime;

/// <summary><c>presence</c>: a friend came online or went offline (with when they were last seen).</summary>
public sealed record PresenceEvent(Guid UserId, bool IsOnline, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTime? LastSeenAt)
{
    [JsonPropertyOrder(-1)]
    public string Type => "presence";
}

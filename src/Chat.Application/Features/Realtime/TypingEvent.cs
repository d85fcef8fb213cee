using System.Text.Json.Serialization;

namespace Chat.Application.Features.Realtime;

/// <summary><c>typing</c>: a participant started or stopped typing; clients drop it after 8 s without a refresh.</summary>
public sealed record TypingEvent(Guid ConversationId, Guid UserId, bool IsTyping)
{
    [JsonPropertyOrder(-1)]
    public string Type => "typing";
}

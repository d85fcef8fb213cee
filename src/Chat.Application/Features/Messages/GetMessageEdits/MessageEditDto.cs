using System.Text.Json.Serialization;

namespace Chat.Application.Features.Messages.GetMessageEdits;

/// <summary>A previous content of a message and when an edit replaced it.</summary>
public sealed record MessageEditDto(string Content, DateTime EditedAt)
{
    /// <summary>Encryption at rest only: the stored previous content failed its integrity check; <see cref="Content"/> is "" then. Written only when true.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Unreadable { get; init; }
}

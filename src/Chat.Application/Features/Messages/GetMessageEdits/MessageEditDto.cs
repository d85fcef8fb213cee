namespace Chat.Application.Features.Messages.GetMessageEdits;

/// <summary>A previous content of a message and when an edit replaced it.</summary>
public sealed record MessageEditDto(string Content, DateTime EditedAt);

namespace Chat.Application.Features.Messages;

/// <summary>One emoji on a message: how many users chose it and whether the viewer did.</summary>
public sealed record ReactionDto(string Emoji, int Count, bool Me);

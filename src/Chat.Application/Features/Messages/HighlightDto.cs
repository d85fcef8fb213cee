namespace Chat.Application.Features.Messages;

/// <summary>A matched word in a search snippet: <see cref="Start"/> and <see cref="Length"/> in UTF-16 code units.</summary>
public sealed record HighlightDto(int Start, int Length);

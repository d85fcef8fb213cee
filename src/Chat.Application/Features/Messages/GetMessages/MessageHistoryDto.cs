namespace Chat.Application.Features.Messages.GetMessages;

/// <summary>A page of history (ascending seq) and whether more lies on either side of it.</summary>
public sealed record MessageHistoryDto(IReadOnlyList<MessageDto> Items, bool HasMoreBefore, bool HasMoreAfter);

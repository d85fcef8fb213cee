using Chat.Application.Features.Users;

namespace Chat.Application.Features.Messages;

/// <summary>A message's own columns and its sender, as one query reads them; <see cref="MessageReader"/> completes it.</summary>
internal sealed record MessageRow(
    Guid Id,
    Guid ConversationId,
    long Seq,
    long Version,
    Guid SenderId,
    UserSummaryDto? Sender,
    string? Content,
    string? ClientMessageId,
    Guid? ReplyToId,
    Guid? ThreadRootId,
    int ReplyCount,
    DateTime CreatedAt,
    DateTime? EditedAt,
    DateTime? DeletedAt);

using Chat.Application.Features.Users;

namespace Chat.Application.Features.Messages;

/// <summary>
/// A message's own columns and its sender, as one query reads them; <see cref="MessageReader"/> completes it. With
/// encryption at rest, <see cref="SealedContent"/> holds the content until <see cref="MessageReader"/> opens it.
/// </summary>
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
    DateTime? DeletedAt,
    byte[]? SealedContent)
{
    /// <summary>The sealed content failed its integrity check (or its key is gone): served without content.</summary>
    public bool Unreadable { get; init; }
}

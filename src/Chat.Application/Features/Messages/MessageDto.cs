using System.Text.Json.Serialization;
using Chat.Application.Features.Users;

namespace Chat.Application.Features.Messages;

/// <summary>
/// A message as rest.md "Message" shapes it, as seen by one viewer (<see cref="Reactions"/>' <c>me</c> and
/// <see cref="Status"/> depend on who looks). Pushed over the socket as-is.
/// </summary>
public sealed record MessageDto
{
    public Guid Id { get; init; }

    public Guid ConversationId { get; init; }

    public long Seq { get; init; }

    public long Version { get; init; }

    public UserSummaryDto? Sender { get; init; }

    /// <summary>Null once deleted, and when <see cref="Unreadable"/>.</summary>
    public string? Content { get; init; }

    /// <summary>
    /// Encryption at rest only: the stored content failed its integrity check (altered, or moved from another row), so
    /// it is served without content (docs/encryption.md). Written only when true.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Unreadable { get; init; }

    public string? ClientMessageId { get; init; }

    public Guid? ReplyToId { get; init; }

    public Guid? ThreadRootId { get; init; }

    public int ReplyCount { get; init; }

    public IReadOnlyList<AttachmentDto> Attachments { get; init; } = [];

    public IReadOnlyList<ReactionDto> Reactions { get; init; } = [];

    /// <summary>Ids of the users mentioned with <c>@username</c>.</summary>
    public IReadOnlyList<Guid> Mentions { get; init; } = [];

    public DateTime CreatedAt { get; init; }

    public DateTime? EditedAt { get; init; }

    public DateTime? DeletedAt { get; init; }

    public bool IsDeleted { get; init; }

    /// <summary>Only on the viewer's own messages in a direct conversation.</summary>
    public MessageStatus? Status { get; init; }

    /// <summary>Search results only: plain text around the match (never HTML).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Snippet { get; init; }

    /// <summary>Search results only: the matched words in <see cref="Snippet"/>, as UTF-16 offsets and lengths.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<HighlightDto>? Highlights { get; init; }
}

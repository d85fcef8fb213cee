using System.Text.Json.Serialization;
using Chat.Application.Features.Messages;
using Chat.Domain.Conversations;

namespace Chat.Application.Features.Conversations;

/// <summary>A conversation as rest.md "Conversation" shapes it, as seen by one participant (read marker, unread count).</summary>
public sealed record ConversationDto
{
    public Guid Id { get; init; }

    public ConversationKind Kind { get; init; }

    public string? Title { get; init; }

    /// <summary>Channels only (rooms).</summary>
    public Guid? RoomId { get; init; }

    /// <summary>Channels only: <c>text</c> or <c>voice</c>.</summary>
    public string? ChannelType { get; init; }

    public string? Topic { get; init; }

    /// <summary>Channels only: the order within the room.</summary>
    public int? Position { get; init; }

    /// <summary>Omitted for channels (their readers are the room's members).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ParticipantDto>? Participants { get; init; }

    /// <summary>The message with the highest seq (a tombstone when it was deleted); null while there is none.</summary>
    public MessageDto? LastMessage { get; init; }

    public long LastSeq { get; init; }

    public long Version { get; init; }

    public long LastReadSeq { get; init; }

    public int UnreadCount { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; init; }
}

namespace Chat.Application.Features.Conversations;

/// <summary>One row of <see cref="ChannelReadState.UnreadOf"/>.</summary>
internal sealed class ChannelUnread
{
    public Guid ConversationId { get; init; }

    public long LastReadSeq { get; init; }

    public int UnreadCount { get; init; }
}

using Chat.Application.Features.Users;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>Real-time <c>member_joined</c>: to the participants, the new one included.</summary>
public sealed record MemberJoinedEvent(Guid ConversationId, UserSummaryDto User)
{
    public string Type => "member_joined";
}

using Chat.Application.Features.Users;

namespace Chat.Application.Features.Conversations.Events;

/// <summary>Real-time <c>member_left</c>: to the remaining participants and the one who left.</summary>
public sealed record MemberLeftEvent(Guid ConversationId, UserSummaryDto User)
{
    public string Type => "member_left";
}

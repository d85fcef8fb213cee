using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Conversations.CreateGroupConversation;

/// <summary>A group with the caller as owner; the members must be the caller's friends.</summary>
public sealed record CreateGroupConversationCommand(string? Title, IReadOnlyList<Guid>? MemberIds) : IRequest<ConversationDto>, IRateLimitedRequest
{
    public static string RateLimitPolicy => "CreateConversation";
}

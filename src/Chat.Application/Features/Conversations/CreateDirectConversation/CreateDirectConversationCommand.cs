using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Conversations.CreateDirectConversation;

/// <summary>The direct conversation with <see cref="UserId"/>: created once per pair, returned as it is afterwards.</summary>
public sealed record CreateDirectConversationCommand(Guid UserId) : IRequest<CreateConversationResult>, IRateLimitedRequest
{
    public static string RateLimitPolicy => "CreateConversation";
}

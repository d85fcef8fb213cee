using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Conversations.UpdateConversation;

/// <summary>Renames a group or sets its topic (owner only). A null field stays as it is; an empty topic clears it.</summary>
public sealed record UpdateConversationCommand(Guid ConversationId, string? Title, string? Topic) : IRequest<ConversationDto>, IConversationRequest;

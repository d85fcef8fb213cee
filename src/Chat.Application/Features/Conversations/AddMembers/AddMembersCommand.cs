using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Conversations.AddMembers;

/// <summary>Adds the caller's friends to a group (owner only); users already in it are skipped.</summary>
public sealed record AddMembersCommand(Guid ConversationId, IReadOnlyList<Guid>? UserIds) : IRequest<ConversationDto>, IConversationRequest;

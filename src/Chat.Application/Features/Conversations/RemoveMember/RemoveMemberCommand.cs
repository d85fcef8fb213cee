using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Conversations.RemoveMember;

/// <summary>
/// Removes a member of a group: the owner removes anyone, anyone removes themself (leaves). When the owner leaves,
/// the longest-standing member becomes owner.
/// </summary>
public sealed record RemoveMemberCommand(Guid ConversationId, Guid UserId) : IRequest<Unit>, IConversationRequest;

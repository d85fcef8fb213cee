using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Messages.GetChanges;

/// <summary>
/// Catching up (rest.md): every message whose version is above <see cref="Since"/> — new, edited, reacted to or deleted
/// (a tombstone) — in ascending version, each once with its current state.
/// </summary>
public sealed record GetChangesQuery(Guid ConversationId, long Since = 0, int? Limit = null) : IRequest<ChangesDto>, IConversationRequest, ISharedConnectionRequest;

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Conversations;

/// <summary>
/// The acting user's participant row, loaded for a change. The authorization behaviour let the request in, but the
/// user may have left since (the change runs under the conversation's lock, so this answer is the current one).
/// </summary>
internal static class ParticipantLookup
{
    public static async Task<ConversationParticipant> RequireParticipantAsync(this IChatDbContext db, Guid conversationId, Guid userId, CancellationToken cancellationToken) =>
        await db.Set<ConversationParticipant>().SingleOrDefaultAsync(p => p.ConversationId == conversationId && p.UserId == userId, cancellationToken)
        ?? throw NotAParticipant(conversationId);

    public static ForbiddenException NotAParticipant(Guid conversationId) =>
        new($"You are not a participant of conversation {conversationId}.", "not_a_participant");
}

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// The provider-specific half of message search: finding index rows whose folded terms hold every one of the folded
/// query words (the last one also as a prefix, unless the words are whole blind-index tokens), restricted to conversations the user takes part in now, newest
/// (highest entry id) first. The words are already folded by <see cref="Search.TextFolding"/>; each implementation
/// quotes them for its engine so no input is ever read as query syntax. One implementation per provider (SQLite FTS5,
/// PostgreSQL tsvector + GIN); the same tests run on each.
/// </summary>
public interface IMessageSearch
{
    /// <param name="userId">Only conversations this user is a participant of now.</param>
    /// <param name="conversationId">Optionally, only this conversation.</param>
    /// <param name="words">Folded words, at least one; all must match, the last also as a prefix when <paramref name="lastAsPrefix"/>.</param>
    /// <param name="lastAsPrefix">
    /// True for folded words (type-ahead on the last one); false for blind-index tokens (docs/encryption.md "Search"),
    /// which are whole terms already — a prefix is its own token — so the engine looks each up exactly.
    /// </param>
    /// <param name="beforeEntryId">Keyset cursor: only entries below this id.</param>
    /// <param name="take">At most this many hits.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<IReadOnlyList<MessageSearchHit>> FindAsync(
        Guid userId, Guid? conversationId, IReadOnlyList<string> words, bool lastAsPrefix, long? beforeEntryId, int take, CancellationToken cancellationToken);
}

/// <summary>A matching index row: its id (the cursor) and its message.</summary>
public sealed record MessageSearchHit(long EntryId, Guid MessageId);

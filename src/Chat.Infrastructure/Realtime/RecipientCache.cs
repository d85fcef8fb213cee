using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// Conversation id → <see cref="ConversationRecipients"/>, built on first use from the database and kept in step by the
/// membership changes saved on this node (<see cref="RecipientChangeInterceptor"/>), so a fan-out costs a dictionary
/// lookup instead of a query.
/// </summary>
/// <remarks>
/// <para>Why a removed member never receives another event: a change to a conversation's (or a room's) membership marks
/// it <em>changing</em> before it is saved and ends the mark after its commit (or rollback), dropping the entry both times.
/// While marked, recipients are read from the database and not cached; a read that started before any drop is not
/// stored (a generation counter). So every event of a change committed after the membership change is resolved either
/// from the database after that commit or from an entry loaded after it.</para>
/// <para>Across nodes the marks do not reach (another node's change arrives here later, through Redis), so each entry
/// also records the conversation's membership version it was read at, and an event uses it only when that is at least
/// the version the event's change read under the conversation's lock; otherwise the recipients are read again (and the
/// newer entry kept). Every membership change advances the version in its own transaction, so an event committed after
/// it carries the new version and can only be addressed from a read made after the change committed.</para>
/// <para>Channels are keyed by their room too: a room's membership change drops all its channels.</para>
/// <para>Bounded: at most <see cref="MaxEntries"/> conversations; past that the cache starts over. A mark left by a
/// change that never reported its end expires after <see cref="ChangeTimeout"/>.</para>
/// </remarks>
public sealed class RecipientCache(TimeProvider clock) : IRecipientCache
{
    public const int MaxEntries = 200_000;

    public static readonly TimeSpan ChangeTimeout = TimeSpan.FromMinutes(2);

    // Up to this many members an access check scans the list; above it, a set is made once per entry.
    private const int SmallEntry = 16;

    private readonly ConcurrentDictionary<Guid, ConversationRecipients> _entries = new();
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, byte>> _channelsByRoom = new();
    private readonly ConcurrentDictionary<Guid, Change> _changing = new();

    // The members of a cached entry as a set, made on the first access check that needs one and gone with the entry
    // (keyed by the entry object itself): a 1,000-member channel is then one hash lookup per send, not a scan.
    private readonly ConditionalWeakTable<ConversationRecipients, HashSet<Guid>> _memberSets = new();
    private readonly Lock _gate = new();
    private long _generation;
    private long _hits;
    private long _loads;
    private long _stale;

    /// <summary>Lookups answered from the cache (for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that read the database.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>Lookups that found an entry they could not use — older than the event's membership version, or the event carried none — and read the database.</summary>
    public long Stale => Interlocked.Read(ref _stale);

    public int Count => _entries.Count;

    /// <summary>
    /// The recipients of <paramref name="conversationId"/> at <paramref name="membershipVersion"/> or later: cached, or
    /// loaded with <paramref name="load"/> (and cached unless a membership change is under way or a newer entry is
    /// already there). A null version (an event that carries none) always loads.
    /// </summary>
    public async ValueTask<ConversationRecipients> GetOrLoadAsync(
        Guid conversationId, long? membershipVersion, Func<CancellationToken, ValueTask<ConversationRecipients>> load, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(conversationId, out var cached) && !IsChanging(conversationId, cached.RoomId))
        {
            if (membershipVersion is { } wanted && cached.MembershipVersion >= wanted)
            {
                Interlocked.Increment(ref _hits);
                return cached;
            }

            Interlocked.Increment(ref _stale);
        }

        var generation = Volatile.Read(ref _generation);
        var loaded = await load(cancellationToken);
        Interlocked.Increment(ref _loads);
        lock (_gate)
        {
            if (_generation == generation && !IsChanging(conversationId, loaded.RoomId)
                && !(_entries.TryGetValue(conversationId, out var kept) && kept.MembershipVersion > loaded.MembershipVersion))
            {
                if (_entries.Count >= MaxEntries)
                {
                    ClearLocked();
                }

                _entries[conversationId] = loaded;
                if (loaded.RoomId is { } roomId)
                {
                    _channelsByRoom.GetOrAdd(roomId, _ => new ConcurrentDictionary<Guid, byte>())[conversationId] = 0;
                }
            }
        }

        return loaded;
    }

    /// <summary>
    /// Whether the cached entry of <paramref name="conversationId"/> lists <paramref name="userId"/>; false without an
    /// entry or while a membership change of the conversation (or its room) is under way here. Reads nothing. The
    /// entry's version is not checked: a change made on another node may not have reached this one, so the answer is a
    /// hint for checks that are made again under the conversation's lock (<see cref="IConversationRecipients.IsKnownRecipient"/>).
    /// </summary>
    public bool IsKnownRecipient(Guid conversationId, Guid userId)
    {
        if (!_entries.TryGetValue(conversationId, out var cached) || IsChanging(conversationId, cached.RoomId))
        {
            return false;
        }

        return cached.UserIds.Count <= SmallEntry
            ? cached.UserIds.Contains(userId)
            : _memberSets.GetValue(cached, static entry => [.. entry.UserIds]).Contains(userId);
    }

    public void Invalidate(Guid conversationId)
    {
        lock (_gate)
        {
            DropLocked(conversationId);
        }
    }

    public void InvalidateAll()
    {
        lock (_gate)
        {
            ClearLocked();
        }
    }

    /// <summary>A membership change of these conversations or rooms is about to be saved: stop caching them until it ends.</summary>
    public void BeginChange(IReadOnlyCollection<Guid> ids)
    {
        var now = clock.GetTimestamp();
        lock (_gate)
        {
            foreach (var id in ids)
            {
                _changing[id] = _changing.TryGetValue(id, out var change) ? change with { Count = change.Count + 1, Since = now } : new Change(1, now);
                DropLocked(id);
            }
        }
    }

    /// <summary>The change is committed (or rolled back): drop what may have been read meanwhile and cache again.</summary>
    public void EndChange(IReadOnlyCollection<Guid> ids)
    {
        lock (_gate)
        {
            foreach (var id in ids)
            {
                if (_changing.TryGetValue(id, out var change))
                {
                    if (change.Count <= 1)
                    {
                        _changing.TryRemove(id, out _);
                    }
                    else
                    {
                        _changing[id] = change with { Count = change.Count - 1 };
                    }
                }

                DropLocked(id);
            }
        }
    }

    private bool IsChanging(Guid conversationId, Guid? roomId)
    {
        if (_changing.IsEmpty)
        {
            return false;
        }

        return IsMarked(conversationId) || (roomId is { } room && IsMarked(room));
    }

    private bool IsMarked(Guid id)
    {
        if (!_changing.TryGetValue(id, out var change))
        {
            return false;
        }

        if (clock.GetElapsedTime(change.Since) < ChangeTimeout)
        {
            return true;
        }

        _changing.TryRemove(new KeyValuePair<Guid, Change>(id, change));
        return false;
    }

    // Under _gate. The id may be a conversation or a room (then all its cached channels go).
    private void DropLocked(Guid id)
    {
        _generation++;
        if (_entries.TryRemove(id, out var removed) && removed.RoomId is { } roomId && _channelsByRoom.TryGetValue(roomId, out var siblings))
        {
            siblings.TryRemove(id, out _);
        }

        if (_channelsByRoom.TryRemove(id, out var channels))
        {
            foreach (var channelId in channels.Keys)
            {
                _entries.TryRemove(channelId, out _);
            }
        }
    }

    private void ClearLocked()
    {
        _generation++;
        _entries.Clear();
        _channelsByRoom.Clear();
    }

    private sealed record Change(int Count, long Since);
}

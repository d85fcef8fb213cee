using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// Data keys by conversation, unwrapped on first use and kept in memory only (never logged, never in an exception
/// message). Keys are created outside the transactions that use them (a conversation's first sealed write creates its
/// key first), so a SQLite writer never waits on itself; two nodes creating the same key at once both end up with the
/// one that was stored first.
/// </summary>
public sealed class KeyStore(MasterKeyRing ring, Func<ChatDbContext> contexts, TimeProvider clock)
{
    /// <summary>The version new data keys get; a later "re-key" would add versions beside it.</summary>
    public const int CurrentVersion = 1;

    private readonly ConcurrentDictionary<(Guid Owner, int Version), byte[]> _dataKeys = new();
    private byte[]? _searchKey;

    /// <summary>The key new values of <paramref name="conversationId"/> are sealed with (created on first use).</summary>
    public async Task<(byte[] Key, int Version)> SealingKeyAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        if (_dataKeys.TryGetValue((conversationId, CurrentVersion), out var cached))
        {
            return (cached, CurrentVersion);
        }

        return (await LoadOrCreateAsync(conversationId, cancellationToken), CurrentVersion);
    }

    /// <summary>The key of one version, or null when the conversation's keys were erased (its sealed rows are unreadable).</summary>
    public async Task<byte[]?> OpeningKeyAsync(Guid conversationId, int version, CancellationToken cancellationToken)
    {
        if (_dataKeys.TryGetValue((conversationId, version), out var cached))
        {
            return cached;
        }

        await using var db = contexts();
        var stored = await db.Set<ConversationKey>().AsNoTracking()
            .SingleOrDefaultAsync(k => k.ConversationId == conversationId && k.Version == version, cancellationToken);
        return stored is null ? null : Remember(conversationId, version, ring.Unwrap(stored.WrappedKey, conversationId, (uint)version));
    }

    /// <summary>
    /// Erases a conversation's keys ("crypto-shredding"): deletes the rows and forgets the cached copies. Deleting the
    /// conversation row does the same through the foreign key; call <see cref="Forget"/> then.
    /// </summary>
    public async Task EraseAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        await db.Set<ConversationKey>().Where(k => k.ConversationId == conversationId).ExecuteDeleteAsync(cancellationToken);
        Forget(conversationId);
    }

    /// <summary>Drops cached keys of a conversation whose key rows are gone (another node erased them; its row was deleted).</summary>
    public void Forget(Guid conversationId)
    {
        foreach (var key in _dataKeys.Keys.Where(k => k.Owner == conversationId))
        {
            if (_dataKeys.TryRemove(key, out var bytes))
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
    }

    /// <summary>The blind-index search key (created on first use; never rotated by a master-key rotation, only re-wrapped).</summary>
    public async Task<byte[]> SearchKeyAsync(CancellationToken cancellationToken)
    {
        if (_searchKey is { } cached)
        {
            return cached;
        }

        await using var db = contexts();
        var stored = await db.Set<ServerKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Name == ServerKey.Search && k.Version == CurrentVersion, cancellationToken);
        if (stored is null)
        {
            var fresh = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
            db.Add(new ServerKey
            {
                Name = ServerKey.Search,
                Version = CurrentVersion,
                WrappedKey = ring.Wrap(fresh, Guid.Empty, CurrentVersion),
                MasterKeyId = unchecked((long)ring.CurrentId),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            if (await TrySaveAsync(db, cancellationToken))
            {
                return _searchKey = fresh;
            }

            await using var again = contexts();
            stored = await again.Set<ServerKey>().AsNoTracking().SingleAsync(k => k.Name == ServerKey.Search && k.Version == CurrentVersion, cancellationToken);
        }

        return _searchKey = ring.Unwrap(stored.WrappedKey, Guid.Empty, CurrentVersion);
    }

    /// <summary>
    /// Re-wraps every stored key not wrapped by the current master key, <paramref name="batchSize"/> rows per
    /// transaction; resumable (rows done stay done). Answers how many rows were re-wrapped. Messages are not touched.
    /// </summary>
    public async Task<int> RewrapAsync(int batchSize, Action<int>? progress, CancellationToken cancellationToken)
    {
        var current = unchecked((long)ring.CurrentId);
        var done = 0;
        while (true)
        {
            await using var db = contexts();
            var conversationKeys = await db.Set<ConversationKey>().Where(k => k.MasterKeyId != current).OrderBy(k => k.CreatedAt).Take(batchSize).ToListAsync(cancellationToken);
            var serverKeys = await db.Set<ServerKey>().Where(k => k.MasterKeyId != current).ToListAsync(cancellationToken);
            if (conversationKeys.Count == 0 && serverKeys.Count == 0)
            {
                return done;
            }

            foreach (var key in conversationKeys)
            {
                key.WrappedKey = ring.Wrap(ring.Unwrap(key.WrappedKey, key.ConversationId, (uint)key.Version), key.ConversationId, (uint)key.Version);
                key.MasterKeyId = current;
            }

            foreach (var key in serverKeys)
            {
                key.WrappedKey = ring.Wrap(ring.Unwrap(key.WrappedKey, Guid.Empty, (uint)key.Version), Guid.Empty, (uint)key.Version);
                key.MasterKeyId = current;
            }

            await db.SaveChangesAsync(cancellationToken);
            done += conversationKeys.Count + serverKeys.Count;
            progress?.Invoke(done);
        }
    }

    private async Task<byte[]> LoadOrCreateAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        if (await OpeningKeyAsync(conversationId, CurrentVersion, cancellationToken) is { } existing)
        {
            return existing;
        }

        var fresh = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        await using var db = contexts();
        db.Add(new ConversationKey
        {
            ConversationId = conversationId,
            Version = CurrentVersion,
            WrappedKey = ring.Wrap(fresh, conversationId, CurrentVersion),
            MasterKeyId = unchecked((long)ring.CurrentId),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        if (await TrySaveAsync(db, cancellationToken))
        {
            return Remember(conversationId, CurrentVersion, fresh);
        }

        // Another node stored the conversation's key first: use that one.
        return await OpeningKeyAsync(conversationId, CurrentVersion, cancellationToken)
            ?? throw new InvalidOperationException($"The data key of conversation {conversationId} could be neither stored nor read.");
    }

    private byte[] Remember(Guid conversationId, int version, byte[] key) => _dataKeys.GetOrAdd((conversationId, version), key);

    private static async Task<bool> TrySaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}

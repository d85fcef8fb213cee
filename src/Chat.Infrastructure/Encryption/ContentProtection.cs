using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Chat.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// <see cref="IContentProtection"/> over <see cref="SealedContent"/> and the <see cref="KeyStore"/>'s data keys, and
/// the <see cref="BlindIndex"/> for search.
/// </summary>
public sealed class ContentProtection(EncryptionOptions options, KeyStore keys, ILogger<ContentProtection> logger) : IContentProtection
{
    private readonly ConditionalWeakTable<byte[], AesGcm> _ciphers = [];
    private BlindIndex? _index;

    public bool Enabled => options.Enabled;

    public async Task PrepareAsync(IEnumerable<Guid> conversationIds, CancellationToken cancellationToken)
    {
        // The search key too: the save writes blind-index tokens.
        await IndexAsync(cancellationToken);
        foreach (var conversationId in conversationIds)
        {
            try
            {
                await keys.SealingKeyAsync(conversationId, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // The conversation was deleted meanwhile (its key row cannot be stored): the write refuses it under its lock.
                logger.LogDebug("No data key could be made for conversation {ConversationId}: it is gone", conversationId);
            }
        }
    }

    public async Task<byte[]> SealAsync(ProtectedContent kind, Guid conversationId, Guid rowId, string text, CancellationToken cancellationToken)
    {
        var (key, version) = await keys.SealingKeyAsync(conversationId, cancellationToken);
        return SealedContent.Seal(key, (uint)version, (SealPurpose)kind, conversationId, rowId, Encoding.UTF8.GetBytes(text));
    }

    public async Task<string?> OpenAsync(ProtectedContent kind, Guid conversationId, Guid rowId, byte[] sealedValue, CancellationToken cancellationToken)
    {
        if (SealedContent.KeyVersionOf(sealedValue) is not { } version)
        {
            logger.LogError("Sealed {ContentKind} of row {RowId} in conversation {ConversationId} is malformed", kind, rowId, conversationId);
            return null;
        }

        if (await keys.OpeningKeyAsync(conversationId, (int)version, cancellationToken) is not { } key)
        {
            // Erased on purpose (the conversation was deleted): not an error.
            logger.LogDebug("Sealed {ContentKind} of row {RowId}: conversation {ConversationId} has no key (erased)", kind, rowId, conversationId);
            return null;
        }

        // One AesGcm per data key, reused (its key schedule is most of the cost of opening a short value); one thread at a time.
        var aes = _ciphers.GetValue(key, k => new AesGcm(k, SealedContent.TagSize));
        bool opened;
        byte[] plaintext;
        lock (aes)
        {
            opened = SealedContent.TryOpen(aes, (SealPurpose)kind, conversationId, rowId, sealedValue, out plaintext);
        }

        if (!opened)
        {
            logger.LogError("Sealed {ContentKind} of row {RowId} in conversation {ConversationId} failed its integrity check", kind, rowId, conversationId);
            return null;
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    public async Task<string> IndexTermsAsync(IEnumerable<string> foldedWords, CancellationToken cancellationToken) =>
        string.Join(' ', (await IndexAsync(cancellationToken)).IndexTokens(foldedWords));

    public async Task<(string Token, bool NeedsCheck)?> QueryTokenAsync(string foldedWord, bool asPrefix, CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken);
        if (!asPrefix)
        {
            return (index.WordToken(foldedWord), false);
        }

        var (token, needsCheck) = index.PrefixToken(foldedWord);
        return token is null ? null : (token, needsCheck);
    }

    private async Task<BlindIndex> IndexAsync(CancellationToken cancellationToken) =>
        _index ??= new BlindIndex(await keys.SearchKeyAsync(cancellationToken));
}

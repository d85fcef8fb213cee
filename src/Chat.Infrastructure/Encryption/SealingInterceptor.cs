using System.Runtime.CompilerServices;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// Seals on every write path at once (docs/encryption.md): when a save writes a message's content, a previous content
/// (edit history) or a search row's terms, the plaintext is replaced in the written row by the sealed value (content)
/// or by blind-index tokens (terms), and put back on the tracked entity after the save, so the code that built the
/// answer from the entity still sees the text. A tombstone clears the sealed content. Only registered when
/// <c>Chat:Encryption:Enabled</c> is on. Data keys must exist before the save's transaction
/// (<see cref="IContentProtection.PrepareAsync"/>); a missing one is created here, outside it, as a fallback.
/// </summary>
public sealed class SealingInterceptor(IContentProtection protection) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Action>> _restores = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        Needed(eventData.Context)
            ? throw new InvalidOperationException("With encryption at rest on, messages are saved with SaveChangesAsync only (sealing reads keys asynchronously).")
            : result;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && Needed(context))
        {
            await SealAsync(context, cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Restore(eventData.Context, accepted: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context, accepted: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Restore(eventData.Context, accepted: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Restore(eventData.Context, accepted: false);
        return Task.CompletedTask;
    }

    private static bool Needed(DbContext? context) =>
        context is not null && context.ChangeTracker.Entries().Any(e =>
            e.State is EntityState.Added or EntityState.Modified && e.Entity is Message or MessageEdit or MessageSearchEntry);

    private async Task SealAsync(DbContext context, CancellationToken cancellationToken)
    {
        var restores = _restores.GetOrCreateValue(context);
        restores.Clear();
        var messages = context.ChangeTracker.Entries<Message>().ToDictionary(e => e.Entity.Id, e => e.Entity);

        foreach (var entry in context.ChangeTracker.Entries<Message>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList())
        {
            var content = entry.Property(m => m.Content);
            var sealedContent = entry.Property<byte[]?>(SealedColumns.Content);
            if (entry.State == EntityState.Modified && !content.IsModified && !entry.Property(m => m.DeletedAt).IsModified)
            {
                continue;
            }

            if (entry.Entity.Content is not { } text)
            {
                // A tombstone (or attachments only): no content, sealed or not.
                sealedContent.CurrentValue = null;
                continue;
            }

            var message = entry.Entity;
            sealedContent.CurrentValue = await protection.SealAsync(ProtectedContent.MessageContent, message.ConversationId, message.Id, text, cancellationToken);
            content.CurrentValue = null;
            restores.Add(() => content.CurrentValue = text);
        }

        foreach (var entry in context.ChangeTracker.Entries<MessageEdit>().Where(e => e.State == EntityState.Added).ToList())
        {
            var edit = entry.Entity;
            var message = messages.GetValueOrDefault(edit.MessageId)
                ?? throw new InvalidOperationException($"The message {edit.MessageId} of an added edit is not tracked: its conversation (part of the sealed value) is unknown.");
            var text = edit.Content;
            var content = entry.Property(e => e.Content);
            entry.Property<byte[]?>(SealedColumns.Content).CurrentValue =
                await protection.SealAsync(ProtectedContent.EditContent, message.ConversationId, edit.Id, text, cancellationToken);
            content.CurrentValue = string.Empty;
            restores.Add(() => content.CurrentValue = text);
        }

        foreach (var entry in context.ChangeTracker.Entries<MessageSearchEntry>().Where(e => e.State == EntityState.Added || (e.State == EntityState.Modified && e.Property(s => s.Terms).IsModified)).ToList())
        {
            var terms = entry.Property(s => s.Terms);
            var words = entry.Entity.Terms;
            terms.CurrentValue = await protection.IndexTermsAsync(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), cancellationToken);
            restores.Add(() => terms.CurrentValue = words);
        }
    }

    private void Restore(DbContext? context, bool accepted)
    {
        if (context is null || !_restores.TryGetValue(context, out var restores))
        {
            return;
        }

        foreach (var restore in restores)
        {
            restore();
        }

        restores.Clear();
        if (accepted)
        {
            // The rows hold the sealed values; the entities the plaintext again, which is not a change to save.
            foreach (var entry in context.ChangeTracker.Entries().Where(e => e.Entity is Message or MessageEdit or MessageSearchEntry && e.State == EntityState.Modified))
            {
                AcceptPlaintext(entry);
            }
        }
    }

    private static void AcceptPlaintext(EntityEntry entry)
    {
        foreach (var property in entry.Properties.Where(p => p.IsModified && p.Metadata.Name is nameof(Message.Content) or nameof(MessageSearchEntry.Terms)))
        {
            property.OriginalValue = property.CurrentValue;
            property.IsModified = false;
        }
    }
}

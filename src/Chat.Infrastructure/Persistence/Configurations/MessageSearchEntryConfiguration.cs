using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

/// <summary>
/// The full-text rows. The engine-specific index is not here: SQLite's FTS5 table is created by raw SQL in the
/// migration, PostgreSQL's stored tsvector column and its GIN index are added in <see cref="ChatDbContext"/> for that
/// provider only.
/// </summary>
internal sealed class MessageSearchEntryConfiguration : IEntityTypeConfiguration<MessageSearchEntry>
{
    public void Configure(EntityTypeBuilder<MessageSearchEntry> builder)
    {
        builder.ToTable("MessageSearchEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Terms).IsRequired();
        builder.HasIndex(e => e.MessageId).IsUnique();

        // Searching one conversation, newest first.
        builder.HasIndex(e => new { e.ConversationId, e.Id });
        builder.HasOne<Message>().WithOne().HasForeignKey<MessageSearchEntry>(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

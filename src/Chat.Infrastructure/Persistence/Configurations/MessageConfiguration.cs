using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("Messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Content).HasMaxLength(UnicodeText.Utf16Capacity(MessageLimits.ContentMaxLength));
        builder.Property(m => m.ClientMessageId).HasMaxLength(UnicodeText.Utf16Capacity(MessageLimits.ClientMessageIdMaxLength));

        // History and unread counts: ranges of seq within a conversation; catching up: ranges of version.
        builder.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();
        builder.HasIndex(m => new { m.ConversationId, m.Version });

        // Idempotent sends: a retry with the same client id cannot store a second row.
        builder.HasIndex(m => new { m.ConversationId, m.SenderId, m.ClientMessageId }).IsUnique();
        builder.HasIndex(m => new { m.ThreadRootId, m.Seq });

        // Retention finds the oldest messages without scanning the table.
        builder.HasIndex(m => m.CreatedAt);

        // An account's own messages in time order (its export and the export's size check); serves the sender foreign key too.
        builder.HasIndex(m => new { m.SenderId, m.CreatedAt });

        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.SenderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Reactions).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Mentions).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Edits).WithOne().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(m => m.IsDeleted);
        builder.Ignore(m => m.DomainEvents);
    }
}

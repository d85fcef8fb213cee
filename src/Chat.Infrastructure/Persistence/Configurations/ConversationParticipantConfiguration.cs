using Chat.Domain.Conversations;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class ConversationParticipantConfiguration : IEntityTypeConfiguration<ConversationParticipant>
{
    public void Configure(EntityTypeBuilder<ConversationParticipant> builder)
    {
        builder.ToTable("ConversationParticipants");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Role).HasConversion<string>().HasMaxLength(ConversationLimits.EnumMaxLength).IsRequired();

        // Two devices marking read at once must not move a marker backwards.
        builder.Property(p => p.LastReadSeq).IsConcurrencyToken();
        builder.Property(p => p.LastDeliveredSeq).IsConcurrencyToken();

        builder.HasIndex(p => new { p.ConversationId, p.UserId }).IsUnique();

        // "My conversations, newest activity first": one range of this index, covering the conversation id.
        // Named explicitly: the conventional name is longer than PostgreSQL's 63-character identifiers.
        builder.HasIndex(p => new { p.UserId, p.LastActivityAt, p.ConversationId }).HasDatabaseName("IX_ConversationParticipants_UserId_LastActivityAt");
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.DomainEvents);
    }
}

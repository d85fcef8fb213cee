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

        // "My conversations": the user's rows, index-only, joined to the conversations (ordered by their own last
        // activity; docs/decisions/0012-no-per-member-work-per-message.md). Also the users' foreign key index.
        builder.HasIndex(p => new { p.UserId, p.ConversationId });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.DomainEvents);
    }
}

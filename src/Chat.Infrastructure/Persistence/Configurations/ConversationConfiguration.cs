using Chat.Domain.Common;
using Chat.Domain.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.ToTable("Conversations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(ConversationLimits.EnumMaxLength).IsRequired();
        builder.Property(c => c.Title).HasMaxLength(UnicodeText.Utf16Capacity(ConversationLimits.TitleMaxLength));
        builder.Property(c => c.NormalizedTitle).HasMaxLength(UnicodeText.FoldedCapacity(ConversationLimits.TitleMaxLength));
        builder.Property(c => c.Topic).HasMaxLength(UnicodeText.Utf16Capacity(ConversationLimits.TopicMaxLength));
        builder.Property(c => c.DirectKey).HasMaxLength(ConversationLimits.DirectKeyLength);

        // Every change to the conversation's messages advances Version, so it guards the counters against lost updates.
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.DirectKey).IsUnique();

        // Advanced with one UPDATE in the transaction of every membership change (RecipientChangeInterceptor), never
        // through the tracked entity: a plain column, not a concurrency token.
        builder.Property(c => c.MembershipVersion);

        // Channels: a room's channels in position order. RoomId has no foreign key (adding one to an existing table needs a
        // hand-written table rebuild on SQLite); deleting a room deletes its channels explicitly (DeleteRoomCommandHandler).
        builder.Property(c => c.ChannelType).HasConversion<string>().HasMaxLength(ConversationLimits.EnumMaxLength);
        builder.HasIndex(c => new { c.RoomId, c.Position });

        builder.HasMany(c => c.Participants).WithOne().HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(c => c.DomainEvents);
    }
}

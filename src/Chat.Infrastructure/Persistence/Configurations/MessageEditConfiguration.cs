using Chat.Domain.Common;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class MessageEditConfiguration : IEntityTypeConfiguration<MessageEdit>
{
    public void Configure(EntityTypeBuilder<MessageEdit> builder)
    {
        builder.ToTable("MessageEdits");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Content).HasMaxLength(UnicodeText.Utf16Capacity(MessageLimits.ContentMaxLength)).IsRequired();
        builder.Ignore(e => e.DomainEvents);
    }
}

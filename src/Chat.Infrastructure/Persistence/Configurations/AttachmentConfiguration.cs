using Chat.Domain.Common;
using Chat.Domain.Attachments;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("Attachments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Sha256).HasMaxLength(AttachmentLimits.Sha256Length).IsRequired();
        builder.Property(a => a.FileName).HasMaxLength(UnicodeText.Utf16Capacity(AttachmentLimits.FileNameMaxLength)).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(AttachmentLimits.ContentTypeMaxLength).IsRequired();

        // A message's attachments; and "unsent (MessageId null) and older than the cut-off" for the clean-up job.
        builder.HasIndex(a => new { a.MessageId, a.CreatedAt });

        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UploaderId).OnDelete(DeleteBehavior.Cascade);

        // Messages are only soft-deleted; should a conversation go, its attachments turn unsent and the clean-up job takes them.
        builder.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.SetNull);

        // Bytes cannot go while an attachment row points at them.
        builder.HasOne<StoredFile>().WithMany().HasForeignKey(a => a.Sha256).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(a => a.DomainEvents);
    }
}

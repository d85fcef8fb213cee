using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// <c>Messages.SealedContent</c>: the content sealed with <see cref="SealedContent"/> (binary, no length limit: up to
/// 4,000 code points of UTF-8 plus 33 bytes). A shadow property: the domain entity keeps its plaintext <c>Content</c>.
/// </summary>
internal sealed class MessageSealedColumnConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder) => builder.Property<byte[]?>(SealedColumns.Content);
}

/// <summary><c>MessageEdits.SealedContent</c>: the previous content, sealed (its <c>Content</c> is "" then).</summary>
internal sealed class MessageEditSealedColumnConfiguration : IEntityTypeConfiguration<MessageEdit>
{
    public void Configure(EntityTypeBuilder<MessageEdit> builder) => builder.Property<byte[]?>(SealedColumns.Content);
}

/// <summary>
/// <c>Attachments.FileKey</c> and <c>Attachments.SealedFileName</c> (<see cref="AttachmentProtection"/>): the wrapped file
/// key and the sealed name (binary, nullable; up to 255 UTF-16 units of name as UTF-8 plus 33 bytes). Both null for an
/// attachment stored in plaintext; with them set, <c>FileName</c> is "".
/// </summary>
internal sealed class AttachmentSealedColumnConfiguration : IEntityTypeConfiguration<Chat.Domain.Attachments.Attachment>
{
    public void Configure(EntityTypeBuilder<Chat.Domain.Attachments.Attachment> builder)
    {
        builder.Property<byte[]?>(SealedAttachmentColumns.FileKey);
        builder.Property<byte[]?>(SealedAttachmentColumns.FileName);
    }
}

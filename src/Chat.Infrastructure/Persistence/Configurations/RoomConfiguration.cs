using Chat.Domain.Common;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> builder)
    {
        builder.ToTable("Rooms");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(UnicodeText.Utf16Capacity(RoomLimits.NameMaxLength)).IsRequired();
        builder.Property(r => r.NormalizedName).HasMaxLength(UnicodeText.FoldedCapacity(RoomLimits.NameMaxLength)).IsRequired();
        builder.Property(r => r.Description).HasMaxLength(UnicodeText.Utf16Capacity(RoomLimits.DescriptionMaxLength));
        builder.Property(r => r.IconUrl).HasMaxLength(UnicodeText.Utf16Capacity(RoomLimits.IconUrlMaxLength));

        // Discovery: public rooms by name prefix, in name order.
        builder.HasIndex(r => new { r.IsPublic, r.NormalizedName });
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Restrict);

        builder.HasMany(r => r.Members).WithOne().HasForeignKey(m => m.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Bans).WithOne().HasForeignKey(b => b.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Invites).WithOne().HasForeignKey(i => i.RoomId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(r => r.DomainEvents);
    }
}

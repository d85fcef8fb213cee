using Chat.Domain.Common;
using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class RoomBanConfiguration : IEntityTypeConfiguration<RoomBan>
{
    public void Configure(EntityTypeBuilder<RoomBan> builder)
    {
        builder.ToTable("RoomBans");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Reason).HasMaxLength(UnicodeText.Utf16Capacity(RoomLimits.BanReasonMaxLength));
        builder.HasIndex(b => new { b.RoomId, b.UserId }).IsUnique();

        // The ban list, oldest first: by time, the id only breaking ties (SQL Server does not sort UUID v7 by creation).
        builder.HasIndex(b => new { b.RoomId, b.CreatedAt, b.Id });
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(b => b.DomainEvents);
    }
}

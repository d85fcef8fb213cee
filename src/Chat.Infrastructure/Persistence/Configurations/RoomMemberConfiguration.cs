using Chat.Domain.Rooms;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class RoomMemberConfiguration : IEntityTypeConfiguration<RoomMember>
{
    public void Configure(EntityTypeBuilder<RoomMember> builder)
    {
        builder.ToTable("RoomMembers");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(RoomLimits.EnumMaxLength).IsRequired();

        // One membership per user and room; also "who is in this room" (event recipients) as an index-only range.
        builder.HasIndex(m => new { m.RoomId, m.UserId }).IsUnique();

        // The member list pages in join order (the id only breaks ties: SQL Server does not sort UUID v7 by creation).
        builder.HasIndex(m => new { m.RoomId, m.JoinedAt, m.Id });
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(m => m.DomainEvents);
    }
}

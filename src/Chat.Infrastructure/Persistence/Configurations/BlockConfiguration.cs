using Chat.Domain.Friends;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> builder)
    {
        builder.ToTable("Blocks");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();

        // One block per direction; also serves "whom did X block".
        builder.HasIndex(b => new { b.BlockerId, b.BlockedId }).IsUnique();

        // The reverse direction: "who blocked X".
        builder.HasIndex(b => new { b.BlockedId, b.BlockerId });

        // "My blocks", newest first: by time, the id only breaking ties (SQL Server does not sort UUID v7 by creation).
        builder.HasIndex(b => new { b.BlockerId, b.CreatedAt, b.Id });

        builder.HasOne<User>().WithMany().HasForeignKey(b => b.BlockerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(b => b.DomainEvents);
    }
}

using Chat.Domain.Rooms;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class RoomInviteConfiguration : IEntityTypeConfiguration<RoomInvite>
{
    public void Configure(EntityTypeBuilder<RoomInvite> builder)
    {
        builder.ToTable("RoomInvites");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Code).HasMaxLength(RoomLimits.InviteCodeMaxLength).IsRequired();
        builder.HasIndex(i => i.Code).IsUnique();

        // Two users accepting the last use at once: one of them loses the race and retries.
        builder.Property(i => i.Uses).IsConcurrencyToken();
        builder.Ignore(i => i.DomainEvents);
    }
}

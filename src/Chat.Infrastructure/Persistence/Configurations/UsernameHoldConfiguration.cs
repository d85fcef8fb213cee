using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class UsernameHoldConfiguration : IEntityTypeConfiguration<UsernameHold>
{
    public void Configure(EntityTypeBuilder<UsernameHold> builder)
    {
        builder.ToTable("UsernameHolds");
        builder.HasKey(h => h.NormalizedUsername);
        builder.Property(h => h.NormalizedUsername).HasMaxLength(UserLimits.UsernameMaxLength);
    }
}

using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.Username).HasMaxLength(UserLimits.UsernameMaxLength).IsRequired();
        builder.Property(u => u.NormalizedUsername).HasMaxLength(UserLimits.UsernameMaxLength).IsRequired();
        builder.Property(u => u.DisplayName).HasMaxLength(UserLimits.DisplayNameMaxLength).IsRequired();
        builder.Property(u => u.AvatarUrl).HasMaxLength(UserLimits.AvatarUrlMaxLength);
        builder.Property(u => u.Bio).HasMaxLength(UserLimits.BioMaxLength);
        builder.Property(u => u.PasswordHash).HasMaxLength(UserLimits.PasswordHashMaxLength).IsRequired();
        builder.Property(u => u.IsAdmin);
        builder.HasIndex(u => u.NormalizedUsername).IsUnique();
        builder.Ignore(u => u.DomainEvents);
    }
}

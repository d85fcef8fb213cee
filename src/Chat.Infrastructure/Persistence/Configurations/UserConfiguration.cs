using Chat.Domain.Common;
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
        builder.Property(u => u.DisplayName).HasMaxLength(UnicodeText.Utf16Capacity(UserLimits.DisplayNameMaxLength)).IsRequired();
        builder.Property(u => u.NormalizedDisplayName).HasMaxLength(UnicodeText.FoldedCapacity(UserLimits.DisplayNameMaxLength)).IsRequired();
        builder.Property(u => u.AvatarUrl).HasMaxLength(UnicodeText.Utf16Capacity(UserLimits.AvatarUrlMaxLength));
        builder.Property(u => u.Bio).HasMaxLength(UnicodeText.Utf16Capacity(UserLimits.BioMaxLength));
        builder.Property(u => u.PasswordHash).HasMaxLength(UserLimits.PasswordHashMaxLength).IsRequired();
        builder.Property(u => u.IsAdmin);
        builder.Property(u => u.DisabledReason).HasMaxLength(UnicodeText.Utf16Capacity(UserLimits.DisabledReasonMaxLength));
        builder.HasIndex(u => u.NormalizedUsername).IsUnique();

        // User search and @mention completion: display names by folded prefix.
        builder.HasIndex(u => u.NormalizedDisplayName);
        builder.Ignore(u => u.DomainEvents);
    }
}

using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

/// <summary>
/// Background exports, the job table of the export workers. Workers find queued and abandoned jobs and the clean-up
/// finds expired ones by (Status, CreatedAt); a user's own by (UserId, Status). An account's exports go with it
/// (account deletion removes them explicitly, and the foreign key cascades should a user row ever be removed).
/// </summary>
internal sealed class AccountExportConfiguration : IEntityTypeConfiguration<AccountExport>
{
    public void Configure(EntityTypeBuilder<AccountExport> builder)
    {
        builder.ToTable("AccountExports");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(AccountExport.StatusMaxLength).IsRequired();
        builder.Property(e => e.Failure).HasMaxLength(AccountExport.FailureMaxLength);
        builder.HasIndex(e => new { e.Status, e.CreatedAt });
        builder.HasIndex(e => new { e.UserId, e.Status });
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(e => e.InProgress);
    }
}

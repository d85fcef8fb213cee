using Chat.Domain.Common;
using Chat.Domain.Administration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

/// <summary>
/// The audit log. No foreign keys on purpose: a record outlives the administrator's account and its target
/// (a deleted message, room or user). The list reads newest first by time (id breaks ties); each filter has an index.
/// </summary>
internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable("AuditRecords");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.ActorUsername).HasMaxLength(AuditLimits.UsernameMaxLength).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(AuditLimits.ActionMaxLength).IsRequired();
        builder.Property(a => a.TargetType).HasMaxLength(AuditLimits.TargetTypeMaxLength).IsRequired();
        builder.Property(a => a.TargetId).HasMaxLength(AuditLimits.TargetIdMaxLength).IsRequired();
        builder.Property(a => a.Reason).HasMaxLength(UnicodeText.Utf16Capacity(AuditLimits.ReasonMaxLength));
        builder.Property(a => a.ClientAddress).HasMaxLength(AuditLimits.ClientAddressMaxLength);
        builder.HasIndex(a => new { a.CreatedAt, a.Id });
        builder.HasIndex(a => new { a.ActorId, a.CreatedAt, a.Id });
        builder.HasIndex(a => new { a.TargetId, a.CreatedAt, a.Id });
        builder.HasIndex(a => new { a.Action, a.CreatedAt, a.Id });
    }
}

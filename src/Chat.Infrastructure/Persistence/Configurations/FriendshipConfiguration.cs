using Chat.Domain.Friends;
using Chat.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Persistence.Configurations;

internal sealed class FriendshipConfiguration : IEntityTypeConfiguration<Friendship>
{
    public void Configure(EntityTypeBuilder<Friendship> builder)
    {
        builder.ToTable("Friendships");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();

        // A concurrency token: accepting, cancelling and declining the same request at once cannot both win.
        builder.Property(f => f.Status).IsConcurrencyToken();

        // Exactly one friendship per pair, whoever asked: the pair is stored ordered.
        builder.HasIndex(f => new { f.UserLowId, f.UserHighId }).IsUnique();

        // "Friends of X" and "requests to/from X" look X up on either side of the pair; requests list newest first
        // by time, the id only breaking ties (SQL Server does not sort UUID v7 by creation).
        builder.HasIndex(f => new { f.UserLowId, f.Status, f.CreatedAt, f.Id });
        builder.HasIndex(f => new { f.UserHighId, f.Status, f.CreatedAt, f.Id });
        builder.HasIndex(f => new { f.RequesterId, f.Status, f.CreatedAt, f.Id });

        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserLowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserHighId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(f => f.AddresseeId);
        builder.Ignore(f => f.IsAccepted);
        builder.Ignore(f => f.DomainEvents);
    }
}

using Chat.Domain.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Chat.Infrastructure.Encryption;

/// <summary>
/// A conversation's data key, wrapped by a master key (<see cref="MasterKeyRing"/>). One row per conversation and key
/// version; deleting the row (or the conversation: the foreign key cascades) makes every copy of the conversation's
/// sealed rows unreadable, backups included ("crypto-shredding").
/// </summary>
public sealed class ConversationKey
{
    public Guid ConversationId { get; set; }

    /// <summary>The data key's version, named in every ciphertext sealed with it.</summary>
    public int Version { get; set; }

    /// <summary>The wrapped key (<see cref="MasterKeyRing.Wrap"/>).</summary>
    public byte[] WrappedKey { get; set; } = [];

    /// <summary>The id of the master key that wrapped it (a rotation re-wraps the rows whose id is not the current one).</summary>
    public long MasterKeyId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A server-wide key (today only the blind-index search key), wrapped like a data key with owner <see cref="Guid.Empty"/>.</summary>
public sealed class ServerKey
{
    /// <summary>The search key's name.</summary>
    public const string Search = "search";

    public string Name { get; set; } = "";

    public int Version { get; set; }

    public byte[] WrappedKey { get; set; } = [];

    public long MasterKeyId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The key tables: keyed by owner and version; rotation finds rows to re-wrap by master-key id.</summary>
internal sealed class ConversationKeyConfiguration : IEntityTypeConfiguration<ConversationKey>
{
    /// <summary>Room for a 32-byte key wrapped with its 37 bytes of header and tag.</summary>
    public const int WrappedKeyMaxLength = 128;

    public void Configure(EntityTypeBuilder<ConversationKey> builder)
    {
        builder.ToTable("ConversationKeys");
        builder.HasKey(k => new { k.ConversationId, k.Version });
        builder.Property(k => k.WrappedKey).HasMaxLength(WrappedKeyMaxLength).IsRequired();
        builder.HasIndex(k => k.MasterKeyId);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(k => k.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ServerKeyConfiguration : IEntityTypeConfiguration<ServerKey>
{
    public void Configure(EntityTypeBuilder<ServerKey> builder)
    {
        builder.ToTable("ServerKeys");
        builder.HasKey(k => new { k.Name, k.Version });
        builder.Property(k => k.Name).HasMaxLength(32);
        builder.Property(k => k.WrappedKey).HasMaxLength(ConversationKeyConfiguration.WrappedKeyMaxLength).IsRequired();
    }
}

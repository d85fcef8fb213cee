using System.Security.Cryptography;
using Chat.Domain.Common;

namespace Chat.Domain.Rooms;

/// <summary>
/// A link that lets anyone signed in (and not banned) join a room, public or private, until it expires or its uses run out.
/// </summary>
public sealed class RoomInvite : Entity
{
    private const string CodeAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private RoomInvite()
    {
        Code = string.Empty;
    }

    internal RoomInvite(Guid roomId, string code, Guid createdById, int? maxUses, DateTime? expiresAt, DateTime createdAt)
    {
        RoomId = roomId;
        Code = code;
        CreatedById = createdById;
        MaxUses = maxUses;
        ExpiresAt = expiresAt;
        CreatedAt = createdAt;
    }

    public Guid RoomId { get; private set; }

    /// <summary>Random, url-safe; the invite's public name.</summary>
    public string Code { get; private set; }

    public Guid CreatedById { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Null: never expires.</summary>
    public DateTime? ExpiresAt { get; private set; }

    /// <summary>Null: unlimited.</summary>
    public int? MaxUses { get; private set; }

    public int Uses { get; private set; }

    /// <summary>A fresh random code of <see cref="RoomLimits.InviteCodeLength"/> letters and digits (about 59 bits).</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, RoomLimits.InviteCodeLength);

    public bool IsUsable(DateTime now) => (ExpiresAt is null || ExpiresAt > now) && (MaxUses is null || Uses < MaxUses);

    internal void Use() => Uses++;
}

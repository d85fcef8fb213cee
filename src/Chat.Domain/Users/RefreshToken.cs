using Chat.Domain.Common;

namespace Chat.Domain.Users;

/// <summary>
/// One refresh token of a login "family". Only a hash of the token is stored. Each token may be
/// used once; using it again means it leaked, and the whole family is revoked.
/// </summary>
public sealed class RefreshToken : Entity
{
    private RefreshToken()
    {
        TokenHash = string.Empty;
    }

    public Guid UserId { get; private set; }

    /// <summary>All tokens descended from one login share a family.</summary>
    public Guid FamilyId { get; private set; }

    public string TokenHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public DateTime? UsedAt { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public static RefreshToken Issue(Guid userId, Guid familyId, string tokenHash, DateTime now, TimeSpan lifetime) => new()
    {
        UserId = userId,
        FamilyId = familyId,
        TokenHash = tokenHash,
        CreatedAt = now,
        ExpiresAt = now + lifetime,
    };

    public bool IsUsable(DateTime now) => UsedAt is null && RevokedAt is null && ExpiresAt > now;

    public bool WasUsed => UsedAt is not null;

    public void MarkUsed(DateTime now) => UsedAt = now;

    public void Revoke(DateTime now) => RevokedAt ??= now;
}

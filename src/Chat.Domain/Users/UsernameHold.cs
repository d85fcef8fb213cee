namespace Chat.Domain.Users;

/// <summary>
/// The username of a deleted account, kept from registration until <see cref="ReleasedAt"/> (the quarantine period,
/// <c>Chat:Accounts:UsernameQuarantineDays</c>), so nobody takes over a name others still know. Holds no user id.
/// </summary>
public sealed class UsernameHold
{
    private UsernameHold()
    {
        NormalizedUsername = string.Empty;
    }

    public UsernameHold(string normalizedUsername, DateTime releasedAt)
    {
        NormalizedUsername = normalizedUsername;
        ReleasedAt = releasedAt;
    }

    /// <summary>The held name, lower case (<see cref="User.Normalize"/>); the key.</summary>
    public string NormalizedUsername { get; private set; }

    /// <summary>UTC; from then on the name may be registered again.</summary>
    public DateTime ReleasedAt { get; private set; }
}

using Chat.Domain.Common;

namespace Chat.Domain.Users;

/// <summary>An account. Usernames are unique case-insensitively through <see cref="NormalizedUsername"/>.</summary>
public sealed class User : Entity
{
    private User()
    {
        Username = NormalizedUsername = DisplayName = NormalizedDisplayName = PasswordHash = string.Empty;
    }

    public string Username { get; private set; }

    public string NormalizedUsername { get; private set; }

    public string DisplayName { get; private set; }

    /// <summary><see cref="DisplayName"/> folded for search (<see cref="UnicodeText.FoldForSearch"/>), kept in step with it.</summary>
    public string NormalizedDisplayName { get; private set; }

    public string? AvatarUrl { get; private set; }

    public string? Bio { get; private set; }

    public string PasswordHash { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>
    /// Holds the global <c>admin</c> role. Set only by the operator (the start-up bootstrap account or the
    /// <c>admin grant</c> command), never by registering a name (issue 10 §6).
    /// </summary>
    public bool IsAdmin { get; private set; }

    /// <summary>When an administrator disabled the account (it cannot sign in); null while enabled.</summary>
    public DateTime? DisabledAt { get; private set; }

    /// <summary>The administrator's reason for disabling, at most <see cref="UserLimits.DisabledReasonMaxLength"/> characters.</summary>
    public string? DisabledReason { get; private set; }

    /// <summary>When the user's last socket closed; null while never seen.</summary>
    public DateTime? LastSeenAt { get; private set; }

    /// <summary>
    /// When the account was deleted (docs/decisions/0011-deleted-accounts-keep-their-messages.md); null while it exists.
    /// A deleted account is only the placeholder its messages point at: see <see cref="Erase"/>.
    /// </summary>
    public DateTime? DeletedAt { get; private set; }

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>The username a deleted account shows (and holds in the unique index): <c>~</c> and 31 hex digits of its id, which no registration can choose (<see cref="UserLimits.UsernamePattern"/>).</summary>
    public static string PlaceholderUsername(Guid id) => "~" + id.ToString("N")[1..];

    public static User Register(string username, string? displayName, string passwordHash, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            throw new DomainException("validation_failed", "Username is required.", DomainErrorKind.Invalid);
        }

        var trimmedName = string.IsNullOrWhiteSpace(displayName) ? username : displayName.Trim();
        return new User
        {
            Id = Ids.NewFor<User>(),
            Username = username,
            NormalizedUsername = Normalize(username),
            DisplayName = trimmedName,
            NormalizedDisplayName = UnicodeText.FoldForSearch(trimmedName),
            PasswordHash = passwordHash,
            CreatedAt = now,
        };
    }

    public static string Normalize(string username) => username.ToLowerInvariant();

    public void UpdateProfile(string? displayName, string? avatarUrl, string? bio)
    {
        if (displayName is not null)
        {
            if (string.IsNullOrWhiteSpace(displayName))
            {
                throw new DomainException("validation_failed", "Display name cannot be empty.", DomainErrorKind.Invalid);
            }

            DisplayName = displayName.Trim();
            NormalizedDisplayName = UnicodeText.FoldForSearch(DisplayName);
        }

        if (avatarUrl is not null)
        {
            AvatarUrl = avatarUrl.Length == 0 ? null : avatarUrl;
        }

        if (bio is not null)
        {
            Bio = bio.Length == 0 ? null : bio;
        }
    }

    public void ChangePasswordHash(string passwordHash) => PasswordHash = passwordHash;

    /// <summary>Makes the account an administrator (its next access token carries the role).</summary>
    public void GrantAdmin() => IsAdmin = true;

    public void MarkSeen(DateTime at) => LastSeenAt = at;

    /// <summary>Takes the global <c>admin</c> role away (its next access token lacks it).</summary>
    public void RevokeAdmin() => IsAdmin = false;

    /// <summary>Disables the account (a global ban); disabling again keeps the first time and takes the new reason.</summary>
    public void Disable(string? reason, DateTime now)
    {
        var trimmed = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (UnicodeText.CodePoints(trimmed) > UserLimits.DisabledReasonMaxLength)
        {
            throw new DomainException("validation_failed", $"Reason must be at most {UserLimits.DisabledReasonMaxLength} {UnicodeText.Unit}.", DomainErrorKind.Invalid);
        }

        DisabledAt ??= now;
        DisabledReason = trimmed;
    }

    /// <summary>
    /// Turns the account into the "deleted user" placeholder: the username becomes <see cref="PlaceholderUsername"/>
    /// (the old one is held apart for the quarantine period), the display name <see cref="UserLimits.DeletedDisplayName"/>;
    /// avatar, bio, password, admin role, disabled state and last-seen time go. The id and the creation time stay, so the
    /// messages it sent keep their sender.
    /// </summary>
    public void Erase(DateTime now)
    {
        Username = NormalizedUsername = PlaceholderUsername(Id);
        DisplayName = UserLimits.DeletedDisplayName;
        NormalizedDisplayName = UnicodeText.FoldForSearch(DisplayName);
        AvatarUrl = Bio = null;
        PasswordHash = string.Empty;
        IsAdmin = false;
        DisabledAt = null;
        DisabledReason = null;
        LastSeenAt = null;
        DeletedAt = now;
    }

    /// <summary>Enables a disabled account; enabling an enabled one changes nothing.</summary>
    public void Enable()
    {
        DisabledAt = null;
        DisabledReason = null;
    }
}

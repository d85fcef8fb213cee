namespace Chat.Domain.Users;

/// <summary>Field limits shared by the entity, the validators and the database configuration.</summary>
public static class UserLimits
{
    public const int UsernameMinLength = 3;
    public const int UsernameMaxLength = 32;
    public const int DisplayNameMaxLength = 100;
    public const int AvatarUrlMaxLength = 2048;
    public const int BioMaxLength = 500;

    /// <summary>Longest reason an administrator may give for disabling an account.</summary>
    public const int DisabledReasonMaxLength = 500;
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;
    public const int PasswordHashMaxLength = 512;

    /// <summary>The display name of a deleted account's placeholder.</summary>
    public const string DeletedDisplayName = "Deleted user";

    /// <summary>Letters, digits, underscore, dot and dash.</summary>
    public const string UsernamePattern = "^[a-zA-Z0-9_.-]+$";
}

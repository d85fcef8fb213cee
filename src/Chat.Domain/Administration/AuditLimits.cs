namespace Chat.Domain.Administration;

/// <summary>Column lengths of <see cref="AuditRecord"/>, shared by validators and the table.</summary>
public static class AuditLimits
{
    /// <summary>Longest reason an administrator may give (characters, after trimming).</summary>
    public const int ReasonMaxLength = 500;

    public const int ActionMaxLength = 64;

    public const int TargetTypeMaxLength = 16;

    public const int TargetIdMaxLength = 64;

    /// <summary>An IPv6 address with a zone fits in 64 characters.</summary>
    public const int ClientAddressMaxLength = 64;

    public const int UsernameMaxLength = 64;
}

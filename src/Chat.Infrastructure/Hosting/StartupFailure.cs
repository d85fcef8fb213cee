namespace Chat.Infrastructure.Hosting;

/// <summary>
/// Exit codes of the <c>chat</c> process: one table shared by every start-up check (README "Exit codes").
/// 0 is a clean exit; 1 an unexpected crash (a bug: the log has the stack trace).
/// </summary>
public enum ExitCode
{
    /// <summary>Ran and stopped normally.</summary>
    Ok = 0,

    /// <summary>An unexpected failure (a bug); the log holds the exception.</summary>
    Unexpected = 1,

    /// <summary>The command line names an unknown verb or lacks an argument.</summary>
    Usage = 2,

    /// <summary>A setting is missing, unknown or malformed (provider, connection string, URL, key size).</summary>
    Configuration = 10,

    /// <summary>The data directory cannot be used: it is a file, read-only, or cannot be created.</summary>
    DataDirectory = 11,

    /// <summary>The database cannot be opened or read: corrupt, truncated, not a database, or refused the connection.</summary>
    Database = 12,

    /// <summary>Applying migrations failed.</summary>
    Migration = 13,

    /// <summary>The listening address is already in use or cannot be bound.</summary>
    AddressInUse = 14,

    /// <summary>A key file (JWT signing key, encryption master key) is unreadable or malformed.</summary>
    KeyMaterial = 15,

    /// <summary>The <c>seed</c> verb found a demo username (or conversation) it did not create; it adopts nothing.</summary>
    SeedConflict = 20,
}

/// <summary>
/// A start-up problem the operator must fix. <c>Program</c> catches it, logs <see cref="Exception.Message"/> as one
/// line (no stack trace) and exits with <see cref="Code"/>. The message names what is wrong and where (path, setting),
/// never a secret.
/// </summary>
public sealed class StartupFailure(ExitCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The process exit code (README "Exit codes").</summary>
    public ExitCode Code { get; } = code;
}

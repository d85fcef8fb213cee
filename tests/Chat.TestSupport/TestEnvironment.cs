namespace Chat.TestSupport;

/// <summary>What the machine offers the tests: PostgreSQL (and later RabbitMQ) come from environment variables that .ci/run sets.</summary>
public static class TestEnvironment
{
    /// <summary>Connection string of a PostgreSQL server whose user may create databases, e.g. <c>Host=127.0.0.1;Port=55432;Username=chat</c>.</summary>
    public const string PostgresVariable = "CHAT_TEST_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// Connection string of a SQL Server whose login may create databases (e.g. a SQL Server 2022 container:
    /// <c>Server=127.0.0.1,1433;User Id=sa;Password=…;TrustServerCertificate=True</c>). Tests that need it carry the trait
    /// <see cref="SqlServerLiveTrait"/> and are filtered out by .ci/run when it is unset (no SQL Server runs in CI).
    /// </summary>
    public const string SqlServerVariable = "CHAT_TEST_SQLSERVER";

    /// <summary>The trait value (<c>Category=SqlServerLive</c>) of tests against a live SQL Server.</summary>
    public const string SqlServerLiveTrait = "SqlServerLive";

    public static string? SqlServerConnectionString => Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// The skip reason for a live SQL Server test, or null to run it. The one exemption from "a skipped test fails
    /// under CI": CI leaves these out with <c>--filter Category!=SqlServerLive</c> instead, because no SQL Server can run there.
    /// </summary>
    public static string? SqlServerSkipReason =>
        SqlServerConnectionString is null
            ? $"live SQL Server tests need {SqlServerVariable}; without it they are left out (dotnet test --filter Category!={SqlServerLiveTrait})."
            : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason for a PostgreSQL test, or null to run it. Under CI=true it always runs, so a missing server fails.</summary>
    public static string? PostgresSkipReason =>
        PostgresConnectionString is null && !IsCi
            ? $"PostgreSQL tests need {PostgresVariable} (a connection string to a server that may create databases); .ci/run sets it."
            : null;

    /// <summary>The skip reason for a test that starts its own redis-server, or null to run it. Under CI=true it always runs, so a missing server fails.</summary>
    public static string? RedisSkipReason =>
        RedisServer.Executable is null && !IsCi
            ? "scale-out tests start their own redis-server (apt-get install redis-server; .ci/run installs it); it is not installed here."
            : null;
}

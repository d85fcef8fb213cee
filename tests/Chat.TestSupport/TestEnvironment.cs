namespace Chat.TestSupport;

/// <summary>What the machine offers the tests: PostgreSQL (and later RabbitMQ) come from environment variables that .ci/run sets.</summary>
public static class TestEnvironment
{
    /// <summary>Connection string of a PostgreSQL server whose user may create databases, e.g. <c>Host=127.0.0.1;Port=55432;Username=chat</c>.</summary>
    public const string PostgresVariable = "CHAT_TEST_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason for a PostgreSQL test, or null to run it. Under CI=true it always runs, so a missing server fails.</summary>
    public static string? PostgresSkipReason =>
        PostgresConnectionString is null && !IsCi
            ? $"PostgreSQL tests need {PostgresVariable} (a connection string to a server that may create databases); .ci/run sets it."
            : null;
}

using Xunit;

namespace Chat.TestSupport;

/// <summary>A fact that needs PostgreSQL: skipped with a reason without a server, failing (not skipped) when CI=true.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestEnvironment.PostgresSkipReason;
}

/// <summary>A theory that needs PostgreSQL; see <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute() => Skip = TestEnvironment.PostgresSkipReason;
}

/// <summary>
/// A fact that needs a live SQL Server (<see cref="TestEnvironment.SqlServerVariable"/>); mark its class
/// <c>[Trait("Category", TestEnvironment.SqlServerLiveTrait)]</c> so the CI filter leaves it out.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute() => Skip = TestEnvironment.SqlServerSkipReason;
}

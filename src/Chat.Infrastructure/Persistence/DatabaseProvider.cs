namespace Chat.Infrastructure.Persistence;

/// <summary>
/// <c>Chat:Database:Provider</c>: SQLite (the embedded default), PostgreSQL (production) or SQL Server (verified
/// without a server; live tests where <c>CHAT_TEST_SQLSERVER</c> is set). docs/decisions/0009.
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

namespace Chat.Infrastructure.Persistence;

/// <summary><c>Chat:Database:Provider</c>: SQLite (the embedded default) or PostgreSQL (production).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

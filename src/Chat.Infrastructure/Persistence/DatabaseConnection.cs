namespace Chat.Infrastructure.Persistence;

/// <summary>The configured provider and connection string, resolved once from configuration.</summary>
/// <param name="SqliteSynchronous">SQLite's <c>synchronous</c> setting (<c>Chat:Database:SqliteSynchronous</c>); ignored by the other providers.</param>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString, SqliteSynchronous SqliteSynchronous = SqliteSynchronous.Full);

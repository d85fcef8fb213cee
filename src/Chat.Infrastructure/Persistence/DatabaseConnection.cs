namespace Chat.Infrastructure.Persistence;

/// <summary>The configured provider and connection string, resolved once from configuration.</summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString);

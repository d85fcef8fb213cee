namespace Chat.Infrastructure.Persistence;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> in WAL mode (<c>Chat:Database:SqliteSynchronous</c>, docs/databases.md "SQLite
/// settings"). <see cref="Full"/> (the default) syncs the log at every commit: an acknowledged message survives a power
/// loss. <see cref="Normal"/> syncs only at checkpoints: a crash of the process loses nothing, a power loss or an
/// operating-system crash may lose the last commits — faster, for operators who accept that.
/// </summary>
public enum SqliteSynchronous
{
    Full,
    Normal,
}

using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Scopes for a node's send writer (<c>MessageWriter</c>): each scope's <see cref="IChatDbContext"/> is leased from
/// the writer's own pool, one context per writer loop (one on SQLite), so the batches run on the same database
/// connections. On SQLite that keeps the connection's page cache and prepared statements warm between
/// batches: in WAL mode a connection drops its whole page cache when another connection has written since its last
/// read (https://sqlite.org/wal.html), and the shared pool handed each batch the least recently used connection, whose
/// cache was cold (docs/benchmarks.md item 21). Use from at most that many loops at a time; one more concurrent
/// scope still works, on a context of its own.
/// </summary>
public interface IWriterScopes
{
    /// <summary>A new scope whose database context is the writer's.</summary>
    AsyncServiceScope CreateScope();
}

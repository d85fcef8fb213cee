using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Common.Interfaces;

/// <summary>
/// Scopes for a node's single-threaded writer (the send writer, <c>MessageWriter</c>): each scope's
/// <see cref="IChatDbContext"/> is the writer's own, leased from a pool of one, so every batch runs on the same
/// database connection. On SQLite that keeps the connection's page cache and prepared statements warm between
/// batches: in WAL mode a connection drops its whole page cache when another connection has written since its last
/// read (https://sqlite.org/wal.html), and the shared pool handed each batch the least recently used connection, whose
/// cache was cold (docs/benchmarks.md item 21). Use from one writer at a time; a second concurrent scope still works,
/// on a context of its own.
/// </summary>
public interface IWriterScopes
{
    /// <summary>A new scope whose database context is the writer's.</summary>
    AsyncServiceScope CreateScope();
}

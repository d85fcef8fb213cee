using Chat.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Common.Persistence;

/// <summary>The EF Core context behind the <see cref="IChatDbContext"/> port (ChatDbContext implements it).</summary>
internal static class DbContextAccess
{
    /// <summary>The context itself, for what takes one: compiled queries (<c>PageQueries.PerModel</c>) and entity entries.</summary>
    public static DbContext AsDbContext(this IChatDbContext db) =>
        db as DbContext ?? throw new InvalidOperationException("IChatDbContext is expected to be an EF Core DbContext.");
}

using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// Puts messages straight into the database, as if they had been sent: one INSERT … SELECT over a generated series
/// (the rows are made by the database itself), in one transaction with the conversation's counters.
/// </summary>
public static class MessageSeeder
{
    private const string Columns = "\"Id\", \"ConversationId\", \"Seq\", \"Version\", \"SenderId\", \"Content\", \"ReplyCount\", \"CreatedAt\"";

    /// <summary>Messages 1…<paramref name="count"/> from <paramref name="senderId"/>; the conversation's seq and version move to <paramref name="count"/>.</summary>
    public static async Task SeedAsync(TestDatabase database, Guid conversationId, Guid senderId, int count)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var sentAt = DateTime.UtcNow.AddDays(-1);
        var sql = database.Provider == DatabaseProvider.Postgres
            ? $$"""
               INSERT INTO "Messages" ({{Columns}})
               SELECT gen_random_uuid(), {0}, i, i, {1}, 'message ' || i, 0, {2}
               FROM generate_series(1, {3}) AS i
               """
            // SQLite keeps Guids as upper-case text; random ones will do for rows nobody looks up by id.
            : $$"""
               WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {3})
               INSERT INTO "Messages" ({{Columns}})
               SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-'
                            || substr('89AB', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
                      {0}, i, i, {1}, 'message ' || i, 0, {2}
               FROM n
               """;
        await db.Database.ExecuteSqlRawAsync(sql, conversationId, senderId, sentAt, count);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Conversations\" SET \"LastSeq\" = {0}, \"Version\" = {0} WHERE \"Id\" = {1}", (long)count, conversationId);
        await transaction.CommitAsync();
    }
}

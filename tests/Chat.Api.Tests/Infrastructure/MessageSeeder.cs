using System.Text;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>Puts messages straight into the database (multi-row INSERTs in one transaction), as if they had been sent.</summary>
public static class MessageSeeder
{
    private const int RowsPerStatement = 1000;

    /// <summary>Messages 1…<paramref name="count"/> from <paramref name="senderId"/>; the conversation's seq and version move to <paramref name="count"/>.</summary>
    public static async Task SeedAsync(TestDatabase database, Guid conversationId, Guid senderId, int count)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var start = DateTime.UtcNow.AddDays(-1);
        for (var first = 1; first <= count; first += RowsPerStatement)
        {
            var rows = Math.Min(RowsPerStatement, count - first + 1);
            var sql = new StringBuilder("INSERT INTO \"Messages\" (\"Id\", \"ConversationId\", \"Seq\", \"Version\", \"SenderId\", \"Content\", \"ReplyCount\", \"CreatedAt\") VALUES ");
            var parameters = new List<object>(rows * 6);
            for (var i = 0; i < rows; i++)
            {
                var seq = (long)(first + i);
                var p = parameters.Count;
                sql.Append(i == 0 ? string.Empty : ",").Append($"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}}, 0, {{{p + 5}}})");
                parameters.AddRange([Guid.CreateVersion7(), conversationId, seq, senderId, $"message {seq}", start.AddMilliseconds(seq)]);
            }

            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters);
        }

        await db.Database.ExecuteSqlRawAsync("UPDATE \"Conversations\" SET \"LastSeq\" = {0}, \"Version\" = {0} WHERE \"Id\" = {1}", (long)count, conversationId);
        await transaction.CommitAsync();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// SQLite only: the FTS5 table gains prefix indexes for 2- and 3-character prefixes (<c>prefix='2 3'</c>). Without
/// them a short type-ahead prefix (the last query word always matches as a prefix) merges the doclists of every term
/// it starts — about 1 s for <c>ka*</c> over 1,000,000 messages; with them it is one index lookup read newest first
/// (0.3 ms). docs/attachments-and-search.md "Benchmarks". FTS5 options cannot be altered, so the table is made again
/// and rebuilt from <c>MessageSearchEntries</c> (minutes on a database of millions of messages; the triggers that keep
/// it in step refer to it by name and stay). PostgreSQL's GIN index and SQL Server are unchanged.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000701_SearchPrefixIndexes")]
public sealed class SearchPrefixIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql("""
                DROP TABLE "MessageSearch";
                CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Terms", content='MessageSearchEntries', content_rowid='Id', tokenize='ascii', prefix='2 3');
                INSERT INTO "MessageSearch"("MessageSearch") VALUES ('rebuild');
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql("""
                DROP TABLE "MessageSearch";
                CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Terms", content='MessageSearchEntries', content_rowid='Id', tokenize='ascii');
                INSERT INTO "MessageSearch"("MessageSearch") VALUES ('rebuild');
                """);
        }
    }
}

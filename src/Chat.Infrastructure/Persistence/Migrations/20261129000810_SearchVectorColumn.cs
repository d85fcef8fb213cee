using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// PostgreSQL only: message search gets a stored <c>tsvector</c> column (<c>"SearchVector"</c>, generated from
/// <c>"Terms"</c>) with the GIN index on it, replacing the GIN index over the expression <c>to_tsvector('simple', "Terms")</c>.
/// With only the expression index, a plan that walks the entries newest first and checks each row (the right plan for
/// a common word) recomputed the vector for every row it read — seconds over 1,000,000 messages when the word turned out
/// less common than the planner thought (docs/attachments-and-search.md "PostgreSQL's plan"). Adding the column rewrites
/// the table once under an exclusive lock (at 1,000,000 messages on a busy 2-core machine: 15 s, then 23 s for the GIN
/// index); the <c>ANALYZE</c> gives the planner the new column's word statistics at once. SQLite (FTS5) and SQL Server
/// (no full-text index) are unchanged.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000810_SearchVectorColumn")]
public sealed class SearchVectorColumn : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            // Raw SQL: a generated column and its index, written as the model declares them (PostgresSearchVector).
            migrationBuilder.Sql($"""
                DROP INDEX "IX_MessageSearchEntries_Terms";
                ALTER TABLE "MessageSearchEntries" ADD COLUMN "{PostgresSearchVector.Column}" tsvector GENERATED ALWAYS AS ({PostgresSearchVector.Expression}) STORED;
                CREATE INDEX "{PostgresSearchVector.Index}" ON "MessageSearchEntries" USING GIN ("{PostgresSearchVector.Column}");
                ANALYZE "MessageSearchEntries";
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"""
                ALTER TABLE "MessageSearchEntries" DROP COLUMN "{PostgresSearchVector.Column}";
                CREATE INDEX "IX_MessageSearchEntries_Terms" ON "MessageSearchEntries" USING GIN (to_tsvector('simple', "Terms"));
                """);
        }
    }
}

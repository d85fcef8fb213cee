using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// No per-member write per message (docs/decisions/0012-no-per-member-work-per-message.md):
/// <list type="bullet">
/// <item>The participant rows lose their copy of the conversation's last activity (<c>"LastActivityAt"</c>, which every
/// send rewrote on every row) and its index; "my conversations" reads a new (user, conversation) index joined to the
/// conversations, ordered by their own <c>"LastActivityAt"</c>. SQLite cannot drop an indexed column in place on every
/// version we support, so its table is rebuilt (new table, copy, drop, rename, indexes again) inside this migration;
/// PostgreSQL and SQL Server drop the index and the column.</item>
/// <item>Channel read rows are made lazily now: a room member with no row has read up to their join point. Existing
/// channel rows that carry no read state (both markers 0: the channel was empty when they were made and was never
/// read since) are deleted — the join point says the same; every row with a marker stays.</item>
/// </list>
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261130000900_LazyChannelReadState")]
public sealed class LazyChannelReadState : Migration
{
    private const string DeleteEmptyChannelRows = """
        DELETE FROM "ConversationParticipants"
        WHERE "LastReadSeq" = 0 AND "LastDeliveredSeq" = 0
          AND "ConversationId" IN (SELECT "Id" FROM "Conversations" WHERE "RoomId" IS NOT NULL)
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Plain SQL all three providers read alike; one branch each (docs/decisions/0009 §8).
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql(DeleteEmptyChannelRows);
        }
        else if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql(DeleteEmptyChannelRows);
        }
        else if (migrationBuilder.IsSqlServer())
        {
            migrationBuilder.Sql(DeleteEmptyChannelRows);
        }

        if (migrationBuilder.IsSqlite())
        {
            RebuildParticipantsWithoutActivity(migrationBuilder);
        }
        else
        {
            migrationBuilder.DropIndex(name: "IX_ConversationParticipants_UserId_LastActivityAt", table: "ConversationParticipants");
            migrationBuilder.DropColumn(name: "LastActivityAt", table: "ConversationParticipants");
        }

        migrationBuilder.CreateIndex(
            name: "IX_ConversationParticipants_UserId_ConversationId", table: "ConversationParticipants", columns: ["UserId", "ConversationId"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_ConversationParticipants_UserId_ConversationId", table: "ConversationParticipants");
        migrationBuilder.AddColumn<DateTime>(
            name: "LastActivityAt", table: "ConversationParticipants", nullable: false, defaultValue: new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        migrationBuilder.CreateIndex(
            name: "IX_ConversationParticipants_UserId_LastActivityAt", table: "ConversationParticipants",
            columns: ["UserId", "LastActivityAt", "ConversationId"]);
    }

    /// <summary>The table as the model declares it now, its rows copied over, then its unique index again.</summary>
    private static void RebuildParticipantsWithoutActivity(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ConversationParticipants_rebuilt",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ConversationId = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                Role = table.Column<string>(maxLength: 16, nullable: false),
                JoinedAt = table.Column<DateTime>(nullable: false),
                LastReadSeq = table.Column<long>(nullable: false),
                LastDeliveredSeq = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ConversationParticipants", x => x.Id);
                table.ForeignKey("FK_ConversationParticipants_Conversations_ConversationId", x => x.ConversationId, "Conversations", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ConversationParticipants_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.Sql("""
            INSERT INTO "ConversationParticipants_rebuilt" ("Id", "ConversationId", "UserId", "Role", "JoinedAt", "LastReadSeq", "LastDeliveredSeq")
            SELECT "Id", "ConversationId", "UserId", "Role", "JoinedAt", "LastReadSeq", "LastDeliveredSeq" FROM "ConversationParticipants"
            """);
        migrationBuilder.DropTable(name: "ConversationParticipants");
        migrationBuilder.RenameTable(name: "ConversationParticipants_rebuilt", newName: "ConversationParticipants");
        migrationBuilder.CreateIndex(
            name: "IX_ConversationParticipants_ConversationId_UserId", table: "ConversationParticipants",
            columns: ["ConversationId", "UserId"], unique: true);
    }
}

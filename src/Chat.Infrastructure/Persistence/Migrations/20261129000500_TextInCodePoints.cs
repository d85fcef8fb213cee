using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// Issue 10 §3. Lengths are counted in code points now, so every column holding a limited text is sized in UTF-16 units
/// for twice its limit (SQL Server's <c>nvarchar(n)</c> counts UTF-16 units: 4,000 emoji are 8,000; PostgreSQL's
/// <c>varchar(n)</c> counts characters and simply gets room to spare; SQLite has no lengths). Names get folded columns
/// for search (<c>Users.NormalizedDisplayName</c> with an index, <c>Conversations.NormalizedTitle</c>; the existing
/// <c>Rooms.NormalizedName</c> now holds the folded name): the folding is done in .NET, so this migration empties them
/// and <see cref="FoldedNameBackfill"/> fills them right after migrating, at start-up and in <c>migrate</c>.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000500_TextInCodePoints")]
public sealed class TextInCodePoints : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // SQLite stores TEXT without a length: nothing to widen (and it cannot alter a column).
        if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
        {
            Widen(migrationBuilder);
        }

        migrationBuilder.AddColumn<string>(name: "NormalizedDisplayName", table: "Users", maxLength: 800, nullable: false, defaultValue: "");
        migrationBuilder.CreateIndex(name: "IX_Users_NormalizedDisplayName", table: "Users", column: "NormalizedDisplayName");
        migrationBuilder.AddColumn<string>(name: "NormalizedTitle", table: "Conversations", maxLength: 800, nullable: true);

        // Lower-cased by the old rule; emptied so the backfill folds them again.
        migrationBuilder.Sql(migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.SqlServer"
            ? "UPDATE [Rooms] SET [NormalizedName] = N'';"
            : "UPDATE \"Rooms\" SET \"NormalizedName\" = '';");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }

    private static void Widen(MigrationBuilder migrationBuilder)
    {
        // SQL Server cannot alter a column an index uses: those two indexes are dropped and made again.
        migrationBuilder.DropIndex(name: "IX_Messages_ConversationId_SenderId_ClientMessageId", table: "Messages");
        migrationBuilder.DropIndex(name: "IX_Rooms_IsPublic_NormalizedName", table: "Rooms");

        Alter(migrationBuilder, "Messages", "Content", 4000, 8000, nullable: true);
        Alter(migrationBuilder, "Messages", "ClientMessageId", 100, 200, nullable: true);
        Alter(migrationBuilder, "MessageEdits", "Content", 4000, 8000, nullable: false);
        Alter(migrationBuilder, "Conversations", "Title", 100, 200, nullable: true);
        Alter(migrationBuilder, "Conversations", "Topic", 1000, 2000, nullable: true);
        Alter(migrationBuilder, "Rooms", "Name", 100, 200, nullable: false);
        Alter(migrationBuilder, "Rooms", "NormalizedName", 100, 800, nullable: false);
        Alter(migrationBuilder, "Rooms", "Description", 1000, 2000, nullable: true);
        Alter(migrationBuilder, "Rooms", "IconUrl", 2048, 4096, nullable: true);
        Alter(migrationBuilder, "RoomBans", "Reason", 500, 1000, nullable: true);
        Alter(migrationBuilder, "Users", "DisplayName", 100, 200, nullable: false);
        Alter(migrationBuilder, "Users", "AvatarUrl", 2048, 4096, nullable: true);
        Alter(migrationBuilder, "Users", "Bio", 500, 1000, nullable: true);
        Alter(migrationBuilder, "Users", "DisabledReason", 500, 1000, nullable: true);
        Alter(migrationBuilder, "Attachments", "FileName", 255, 510, nullable: false);
        Alter(migrationBuilder, "AuditRecords", "Reason", 500, 1000, nullable: true);

        migrationBuilder.CreateIndex(
            name: "IX_Messages_ConversationId_SenderId_ClientMessageId", table: "Messages",
            columns: ["ConversationId", "SenderId", "ClientMessageId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Rooms_IsPublic_NormalizedName", table: "Rooms", columns: ["IsPublic", "NormalizedName"]);
    }

    private static void Alter(MigrationBuilder migrationBuilder, string table, string column, int from, int to, bool nullable) =>
        migrationBuilder.AlterColumn<string>(
            name: column, table: table, maxLength: to, nullable: nullable,
            oldClrType: typeof(string), oldMaxLength: from, oldNullable: nullable);
}

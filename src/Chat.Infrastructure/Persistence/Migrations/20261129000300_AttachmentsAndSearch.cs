using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// Attachments (one row per upload) over stored files (one row per distinct content, reference-counted), and the
/// message search rows with their engine-specific index: on SQLite an FTS5 external-content table kept in step by
/// triggers, on PostgreSQL a GIN index over <c>to_tsvector('simple', "Terms")</c>. Additive only.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000300_AttachmentsAndSearch")]
public sealed class AttachmentsAndSearch : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StoredFiles",
            columns: table => new
            {
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                Size = table.Column<long>(nullable: false),
                ReferenceCount = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StoredFiles", x => x.Sha256));
        migrationBuilder.CreateIndex(name: "IX_StoredFiles_ReferenceCount", table: "StoredFiles", column: "ReferenceCount");

        migrationBuilder.CreateTable(
            name: "Attachments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UploaderId = table.Column<Guid>(nullable: false),
                MessageId = table.Column<Guid>(nullable: true),
                Sha256 = table.Column<string>(maxLength: 64, nullable: false),
                FileName = table.Column<string>(maxLength: 255, nullable: false),
                ContentType = table.Column<string>(maxLength: 100, nullable: false),
                Size = table.Column<long>(nullable: false),
                Width = table.Column<int>(nullable: true),
                Height = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Attachments", x => x.Id);
                table.ForeignKey("FK_Attachments_Users_UploaderId", x => x.UploaderId, "Users", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Attachments_Messages_MessageId", x => x.MessageId, "Messages", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_Attachments_StoredFiles_Sha256", x => x.Sha256, "StoredFiles", "Sha256", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_Attachments_MessageId_CreatedAt", table: "Attachments", columns: ["MessageId", "CreatedAt"]);
        migrationBuilder.CreateIndex(name: "IX_Attachments_UploaderId", table: "Attachments", column: "UploaderId");
        migrationBuilder.CreateIndex(name: "IX_Attachments_Sha256", table: "Attachments", column: "Sha256");

        migrationBuilder.CreateTable(
            name: "MessageSearchEntries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("SqlServer:Identity", "1, 1")
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                MessageId = table.Column<Guid>(nullable: false),
                ConversationId = table.Column<Guid>(nullable: false),
                Terms = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MessageSearchEntries", x => x.Id);
                table.ForeignKey("FK_MessageSearchEntries_Messages_MessageId", x => x.MessageId, "Messages", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_MessageSearchEntries_Conversations_ConversationId", x => x.ConversationId, "Conversations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_MessageSearchEntries_MessageId", table: "MessageSearchEntries", column: "MessageId", unique: true);
        migrationBuilder.CreateIndex(name: "IX_MessageSearchEntries_ConversationId_Id", table: "MessageSearchEntries", columns: ["ConversationId", "Id"]);

        if (migrationBuilder.IsNpgsql())
        {
            // Raw SQL: Npgsql's tsvector annotation needs a target model, which hand-written migrations do not have.
            migrationBuilder.Sql("""CREATE INDEX "IX_MessageSearchEntries_Terms" ON "MessageSearchEntries" USING GIN (to_tsvector('simple', "Terms"));""");
        }
        else if (migrationBuilder.IsSqlite())
        {
            // External content: the FTS5 table holds only the index; rows are addressed by the AUTOINCREMENT "Id", which
            // VACUUM never renumbers. The terms are folded and space-separated already, so the plain ascii tokenizer fits.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "MessageSearch" USING fts5("Terms", content='MessageSearchEntries', content_rowid='Id', tokenize='ascii');
                CREATE TRIGGER "MessageSearchEntries_ai" AFTER INSERT ON "MessageSearchEntries" BEGIN
                  INSERT INTO "MessageSearch"(rowid, "Terms") VALUES (new."Id", new."Terms");
                END;
                CREATE TRIGGER "MessageSearchEntries_ad" AFTER DELETE ON "MessageSearchEntries" BEGIN
                  INSERT INTO "MessageSearch"("MessageSearch", rowid, "Terms") VALUES ('delete', old."Id", old."Terms");
                END;
                CREATE TRIGGER "MessageSearchEntries_au" AFTER UPDATE ON "MessageSearchEntries" BEGIN
                  INSERT INTO "MessageSearch"("MessageSearch", rowid, "Terms") VALUES ('delete', old."Id", old."Terms");
                  INSERT INTO "MessageSearch"(rowid, "Terms") VALUES (new."Id", new."Terms");
                END;
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}

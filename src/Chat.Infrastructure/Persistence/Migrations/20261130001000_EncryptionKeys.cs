using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>Encryption at rest (docs/encryption.md): wrapped data keys per conversation, and server keys (the search key). Additive only.</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261130001000_EncryptionKeys")]
public sealed class EncryptionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ConversationKeys",
            columns: table => new
            {
                ConversationId = table.Column<Guid>(nullable: false),
                Version = table.Column<int>(nullable: false),
                WrappedKey = table.Column<byte[]>(maxLength: 128, nullable: false),
                MasterKeyId = table.Column<long>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ConversationKeys", x => new { x.ConversationId, x.Version });
                table.ForeignKey("FK_ConversationKeys_Conversations_ConversationId", x => x.ConversationId, "Conversations", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_ConversationKeys_MasterKeyId", table: "ConversationKeys", column: "MasterKeyId");
        migrationBuilder.CreateTable(
            name: "ServerKeys",
            columns: table => new
            {
                Name = table.Column<string>(maxLength: 32, nullable: false),
                Version = table.Column<int>(nullable: false),
                WrappedKey = table.Column<byte[]>(maxLength: 128, nullable: false),
                MasterKeyId = table.Column<long>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ServerKeys", x => new { x.Name, x.Version }));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "ServerKeys");
        migrationBuilder.DropTable(name: "ConversationKeys");
    }
}

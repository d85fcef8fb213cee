using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// Encryption at rest (docs/encryption.md): a nullable binary column beside each plaintext content column, holding the
/// sealed value when encryption is on (the plaintext column is then empty). Additive only: every provider adds a
/// nullable column in place.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261201000200_SealedContent")]
public sealed class SealedContentColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<byte[]>(name: "SealedContent", table: "Messages", nullable: true);
        migrationBuilder.AddColumn<byte[]>(name: "SealedContent", table: "MessageEdits", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "SealedContent", table: "MessageEdits");
        migrationBuilder.DropColumn(name: "SealedContent", table: "Messages");
    }
}

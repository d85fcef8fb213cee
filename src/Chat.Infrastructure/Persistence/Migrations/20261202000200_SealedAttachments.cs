using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// Encryption at rest of attachments (docs/encryption.md "Attachments"): the wrapped file key and the sealed file name
/// beside the plaintext name (then ""). Additive only: every provider adds a nullable column in place.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261202000200_SealedAttachments")]
public sealed class AttachmentSealedColumns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<byte[]>(name: "FileKey", table: "Attachments", nullable: true);
        migrationBuilder.AddColumn<byte[]>(name: "SealedFileName", table: "Attachments", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "SealedFileName", table: "Attachments");
        migrationBuilder.DropColumn(name: "FileKey", table: "Attachments");
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>Deleted accounts (docs/decisions/0011-deleted-accounts-keep-their-messages.md): when, and the usernames held in quarantine.</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000600_DeletedAccounts")]
public sealed class DeletedAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "DeletedAt", table: "Users", nullable: true);
        migrationBuilder.CreateTable(
            name: "UsernameHolds",
            columns: table => new
            {
                NormalizedUsername = table.Column<string>(maxLength: 32, nullable: false),
                ReleasedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_UsernameHolds", x => x.NormalizedUsername));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "UsernameHolds");
        migrationBuilder.DropColumn(name: "DeletedAt", table: "Users");
    }
}

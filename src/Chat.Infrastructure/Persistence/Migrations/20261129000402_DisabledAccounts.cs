using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>Accounts an administrator disabled: when and why (rest.md "Administration").</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000402_DisabledAccounts")]
public sealed class DisabledAccounts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "DisabledAt", table: "Users", nullable: true);
        migrationBuilder.AddColumn<string>(name: "DisabledReason", table: "Users", maxLength: 500, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "DisabledReason", table: "Users");
        migrationBuilder.DropColumn(name: "DisabledAt", table: "Users");
    }
}

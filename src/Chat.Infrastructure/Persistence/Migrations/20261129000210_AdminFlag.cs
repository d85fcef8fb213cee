using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// The admin role is stored with the account instead of following a configured name. Existing accounts start without
/// it: an operator grants it with <c>admin grant &lt;username&gt;</c> (README "Administrators").
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000210_AdminFlag")]
public sealed class AdminFlag : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<bool>(name: "IsAdmin", table: "Users", nullable: false, defaultValue: false);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "IsAdmin", table: "Users");
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>Background exports of users' data (rest.md "Exporting one's data"): one row per export, the export workers' job table. Additive only.</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000800_AccountExports")]
public sealed class AccountExports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AccountExports",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                Status = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                StartedAt = table.Column<DateTime>(nullable: true),
                LeaseUntil = table.Column<DateTime>(nullable: true),
                Attempts = table.Column<int>(nullable: false),
                CompletedAt = table.Column<DateTime>(nullable: true),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                Size = table.Column<long>(nullable: true),
                Failure = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AccountExports", x => x.Id);
                table.ForeignKey("FK_AccountExports_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_AccountExports_Status_CreatedAt", table: "AccountExports", columns: ["Status", "CreatedAt"]);
        migrationBuilder.CreateIndex(name: "IX_AccountExports_UserId_Status", table: "AccountExports", columns: ["UserId", "Status"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "AccountExports");
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>The audit log of administrative actions (docs/operations.md "Audit log").</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000400_AuditRecords")]
public sealed class AuditRecords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AuditRecords",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ActorId = table.Column<Guid>(nullable: false),
                ActorUsername = table.Column<string>(maxLength: 64, nullable: false),
                Action = table.Column<string>(maxLength: 64, nullable: false),
                TargetType = table.Column<string>(maxLength: 16, nullable: false),
                TargetId = table.Column<string>(maxLength: 64, nullable: false),
                Reason = table.Column<string>(maxLength: 500, nullable: true),
                ClientAddress = table.Column<string>(maxLength: 64, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditRecords", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_AuditRecords_ActorId_Id", table: "AuditRecords", columns: ["ActorId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_TargetId_Id", table: "AuditRecords", columns: ["TargetId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_Action_Id", table: "AuditRecords", columns: ["Action", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "AuditRecords");
}

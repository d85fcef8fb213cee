using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>Friendships (one row per ordered pair: requests and friends) and blocks. Written by hand, like every migration here.</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261122000200_Friendships")]
public sealed class Friendships : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Friendships",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserLowId = table.Column<Guid>(nullable: false),
                UserHighId = table.Column<Guid>(nullable: false),
                RequesterId = table.Column<Guid>(nullable: false),
                Status = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                AcceptedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Friendships", x => x.Id);
                table.ForeignKey("FK_Friendships_Users_UserHighId", x => x.UserHighId, "Users", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Friendships_Users_UserLowId", x => x.UserLowId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_Friendships_UserLowId_UserHighId", table: "Friendships", columns: ["UserLowId", "UserHighId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Friendships_UserLowId_Status", table: "Friendships", columns: ["UserLowId", "Status"]);
        migrationBuilder.CreateIndex(name: "IX_Friendships_UserHighId_Status", table: "Friendships", columns: ["UserHighId", "Status"]);
        migrationBuilder.CreateIndex(name: "IX_Friendships_RequesterId_Status", table: "Friendships", columns: ["RequesterId", "Status"]);

        migrationBuilder.CreateTable(
            name: "Blocks",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                BlockerId = table.Column<Guid>(nullable: false),
                BlockedId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Blocks", x => x.Id);
                table.ForeignKey("FK_Blocks_Users_BlockedId", x => x.BlockedId, "Users", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Blocks_Users_BlockerId", x => x.BlockerId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_Blocks_BlockerId_BlockedId", table: "Blocks", columns: ["BlockerId", "BlockedId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Blocks_BlockedId_BlockerId", table: "Blocks", columns: ["BlockedId", "BlockerId"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Blocks");
        migrationBuilder.DropTable(name: "Friendships");
    }
}

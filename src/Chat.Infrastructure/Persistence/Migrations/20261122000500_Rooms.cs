using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>Rooms with their members (roles), bans and invites. Channels are conversations and come with their own migration.</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261122000500_Rooms")]
public sealed class Rooms : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Rooms",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                NormalizedName = table.Column<string>(maxLength: 100, nullable: false),
                Description = table.Column<string>(maxLength: 1000, nullable: true),
                IconUrl = table.Column<string>(maxLength: 2048, nullable: true),
                IsPublic = table.Column<bool>(nullable: false),
                OwnerId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Rooms", x => x.Id);
                table.ForeignKey("FK_Rooms_Users_OwnerId", x => x.OwnerId, "Users", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(name: "IX_Rooms_IsPublic_NormalizedName", table: "Rooms", columns: ["IsPublic", "NormalizedName"]);
        migrationBuilder.CreateIndex(name: "IX_Rooms_OwnerId", table: "Rooms", column: "OwnerId");

        migrationBuilder.CreateTable(
            name: "RoomMembers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RoomId = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                Role = table.Column<string>(maxLength: 16, nullable: false),
                JoinedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RoomMembers", x => x.Id);
                table.ForeignKey("FK_RoomMembers_Rooms_RoomId", x => x.RoomId, "Rooms", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_RoomMembers_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_RoomMembers_RoomId_UserId", table: "RoomMembers", columns: ["RoomId", "UserId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_RoomMembers_RoomId_Id", table: "RoomMembers", columns: ["RoomId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_RoomMembers_UserId", table: "RoomMembers", column: "UserId");

        migrationBuilder.CreateTable(
            name: "RoomBans",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RoomId = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                BannedById = table.Column<Guid>(nullable: false),
                Reason = table.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RoomBans", x => x.Id);
                table.ForeignKey("FK_RoomBans_Rooms_RoomId", x => x.RoomId, "Rooms", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_RoomBans_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_RoomBans_RoomId_UserId", table: "RoomBans", columns: ["RoomId", "UserId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_RoomBans_UserId", table: "RoomBans", column: "UserId");

        migrationBuilder.CreateTable(
            name: "RoomInvites",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RoomId = table.Column<Guid>(nullable: false),
                Code = table.Column<string>(maxLength: 32, nullable: false),
                CreatedById = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: true),
                MaxUses = table.Column<int>(nullable: true),
                Uses = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RoomInvites", x => x.Id);
                table.ForeignKey("FK_RoomInvites_Rooms_RoomId", x => x.RoomId, "Rooms", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_RoomInvites_Code", table: "RoomInvites", column: "Code", unique: true);
        migrationBuilder.CreateIndex(name: "IX_RoomInvites_RoomId", table: "RoomInvites", column: "RoomId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "RoomInvites");
        migrationBuilder.DropTable(name: "RoomBans");
        migrationBuilder.DropTable(name: "RoomMembers");
        migrationBuilder.DropTable(name: "Rooms");
    }
}

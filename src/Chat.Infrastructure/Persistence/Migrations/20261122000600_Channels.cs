using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// Room channels are conversations of kind Channel: the room, the channel type and the position within the room.
/// Additive only (nullable columns and an index), so SQLite needs no table rebuild.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261122000600_Channels")]
public sealed class Channels : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<Guid>(name: "RoomId", table: "Conversations", nullable: true);
        migrationBuilder.AddColumn<string>(name: "ChannelType", table: "Conversations", maxLength: 16, nullable: true);
        migrationBuilder.AddColumn<int>(name: "Position", table: "Conversations", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_Conversations_RoomId_Position", table: "Conversations", columns: ["RoomId", "Position"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Conversations_RoomId_Position", table: "Conversations");
        migrationBuilder.DropColumn(name: "Position", table: "Conversations");
        migrationBuilder.DropColumn(name: "ChannelType", table: "Conversations");
        migrationBuilder.DropColumn(name: "RoomId", table: "Conversations");
    }
}

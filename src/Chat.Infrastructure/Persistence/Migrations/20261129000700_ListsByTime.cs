using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// Blocks, friend requests, room members, room bans and the audit log page by time with the id as tie-break instead
/// of by their UUID v7 id alone (SQL Server sorts <c>uniqueidentifier</c> by its last bytes, so id order is not
/// creation order there; decisions/0009). Each list's index gains the timestamp before the id; the indexes the new ones
/// cover (same leading columns) are dropped.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000700_ListsByTime")]
public sealed class ListsByTime : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_Blocks_BlockerId_CreatedAt_Id", table: "Blocks", columns: ["BlockerId", "CreatedAt", "Id"]);

        migrationBuilder.DropIndex(name: "IX_Friendships_UserLowId_Status", table: "Friendships");
        migrationBuilder.DropIndex(name: "IX_Friendships_UserHighId_Status", table: "Friendships");
        migrationBuilder.DropIndex(name: "IX_Friendships_RequesterId_Status", table: "Friendships");
        migrationBuilder.CreateIndex(name: "IX_Friendships_UserLowId_Status_CreatedAt_Id", table: "Friendships", columns: ["UserLowId", "Status", "CreatedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_Friendships_UserHighId_Status_CreatedAt_Id", table: "Friendships", columns: ["UserHighId", "Status", "CreatedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_Friendships_RequesterId_Status_CreatedAt_Id", table: "Friendships", columns: ["RequesterId", "Status", "CreatedAt", "Id"]);

        migrationBuilder.DropIndex(name: "IX_RoomMembers_RoomId_Id", table: "RoomMembers");
        migrationBuilder.CreateIndex(name: "IX_RoomMembers_RoomId_JoinedAt_Id", table: "RoomMembers", columns: ["RoomId", "JoinedAt", "Id"]);

        migrationBuilder.CreateIndex(name: "IX_RoomBans_RoomId_CreatedAt_Id", table: "RoomBans", columns: ["RoomId", "CreatedAt", "Id"]);

        migrationBuilder.DropIndex(name: "IX_AuditRecords_ActorId_Id", table: "AuditRecords");
        migrationBuilder.DropIndex(name: "IX_AuditRecords_TargetId_Id", table: "AuditRecords");
        migrationBuilder.DropIndex(name: "IX_AuditRecords_Action_Id", table: "AuditRecords");
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_CreatedAt_Id", table: "AuditRecords", columns: ["CreatedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_ActorId_CreatedAt_Id", table: "AuditRecords", columns: ["ActorId", "CreatedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_TargetId_CreatedAt_Id", table: "AuditRecords", columns: ["TargetId", "CreatedAt", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_Action_CreatedAt_Id", table: "AuditRecords", columns: ["Action", "CreatedAt", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Blocks_BlockerId_CreatedAt_Id", table: "Blocks");
        migrationBuilder.DropIndex(name: "IX_Friendships_UserLowId_Status_CreatedAt_Id", table: "Friendships");
        migrationBuilder.DropIndex(name: "IX_Friendships_UserHighId_Status_CreatedAt_Id", table: "Friendships");
        migrationBuilder.DropIndex(name: "IX_Friendships_RequesterId_Status_CreatedAt_Id", table: "Friendships");
        migrationBuilder.CreateIndex(name: "IX_Friendships_UserLowId_Status", table: "Friendships", columns: ["UserLowId", "Status"]);
        migrationBuilder.CreateIndex(name: "IX_Friendships_UserHighId_Status", table: "Friendships", columns: ["UserHighId", "Status"]);
        migrationBuilder.CreateIndex(name: "IX_Friendships_RequesterId_Status", table: "Friendships", columns: ["RequesterId", "Status"]);
        migrationBuilder.DropIndex(name: "IX_RoomMembers_RoomId_JoinedAt_Id", table: "RoomMembers");
        migrationBuilder.CreateIndex(name: "IX_RoomMembers_RoomId_Id", table: "RoomMembers", columns: ["RoomId", "Id"]);
        migrationBuilder.DropIndex(name: "IX_RoomBans_RoomId_CreatedAt_Id", table: "RoomBans");
        migrationBuilder.DropIndex(name: "IX_AuditRecords_CreatedAt_Id", table: "AuditRecords");
        migrationBuilder.DropIndex(name: "IX_AuditRecords_ActorId_CreatedAt_Id", table: "AuditRecords");
        migrationBuilder.DropIndex(name: "IX_AuditRecords_TargetId_CreatedAt_Id", table: "AuditRecords");
        migrationBuilder.DropIndex(name: "IX_AuditRecords_Action_CreatedAt_Id", table: "AuditRecords");
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_ActorId_Id", table: "AuditRecords", columns: ["ActorId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_TargetId_Id", table: "AuditRecords", columns: ["TargetId", "Id"]);
        migrationBuilder.CreateIndex(name: "IX_AuditRecords_Action_Id", table: "AuditRecords", columns: ["Action", "Id"]);
    }
}

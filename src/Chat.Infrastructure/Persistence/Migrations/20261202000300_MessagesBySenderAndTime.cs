using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// <c>"Messages"</c> by (<c>SenderId</c>, <c>CreatedAt</c>) instead of by <c>SenderId</c> alone: an account export walks
/// its owner's messages in time order page by page, and the export request counts them up to its threshold in that
/// order; with the sender alone every page sorted all of the account's messages. The new index leads with the foreign
/// key's column, so it serves the foreign key as the old one did.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261202000300_MessagesBySenderAndTime")]
public sealed class MessagesBySenderAndTime : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_Messages_SenderId_CreatedAt", table: "Messages", columns: ["SenderId", "CreatedAt"]);
        migrationBuilder.DropIndex(name: "IX_Messages_SenderId", table: "Messages");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_Messages_SenderId", table: "Messages", column: "SenderId");
        migrationBuilder.DropIndex(name: "IX_Messages_SenderId_CreatedAt", table: "Messages");
    }
}

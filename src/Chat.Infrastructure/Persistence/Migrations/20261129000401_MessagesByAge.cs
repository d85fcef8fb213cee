using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>An index on when messages were sent, so retention (Chat:Retention:MessageDays) finds the oldest without a scan.</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000401_MessagesByAge")]
public sealed class MessagesByAge : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "IX_Messages_CreatedAt", table: "Messages", column: "CreatedAt");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "IX_Messages_CreatedAt", table: "Messages");
}

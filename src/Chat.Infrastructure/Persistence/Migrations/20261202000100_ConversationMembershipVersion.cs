using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// <c>"Conversations"."MembershipVersion"</c>: advanced in the transaction of every change of who receives a
/// conversation's events, and stamped on its message events, so a node uses cached recipients only when they are at
/// least as new as the event (docs/scale-out.md "Recipient cache"). Existing rows start at 0; the caches of running
/// nodes start empty, so nothing cached predates the column.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261202000100_ConversationMembershipVersion")]
public sealed class ConversationMembershipVersion : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<long>(name: "MembershipVersion", table: "Conversations", nullable: false, defaultValue: 0L);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "MembershipVersion", table: "Conversations");
}

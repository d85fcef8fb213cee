using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>
/// Conversations, their participants (role and read/delivery markers), messages with their edits, reactions and
/// mentions. Written by hand; column types come from each provider's mapping.
/// </summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261122000300_Conversations")]
public sealed class Conversations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Conversations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                Title = table.Column<string>(maxLength: 100, nullable: true),
                Topic = table.Column<string>(maxLength: 1000, nullable: true),
                DirectKey = table.Column<string>(maxLength: 65, nullable: true),
                LastSeq = table.Column<long>(nullable: false),
                Version = table.Column<long>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                LastActivityAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Conversations", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_Conversations_DirectKey", table: "Conversations", column: "DirectKey", unique: true);

        migrationBuilder.CreateTable(
            name: "ConversationParticipants",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ConversationId = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                Role = table.Column<string>(maxLength: 16, nullable: false),
                JoinedAt = table.Column<DateTime>(nullable: false),
                LastReadSeq = table.Column<long>(nullable: false),
                LastDeliveredSeq = table.Column<long>(nullable: false),
                LastActivityAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ConversationParticipants", x => x.Id);
                table.ForeignKey("FK_ConversationParticipants_Conversations_ConversationId", x => x.ConversationId, "Conversations", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_ConversationParticipants_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_ConversationParticipants_ConversationId_UserId", table: "ConversationParticipants",
            columns: ["ConversationId", "UserId"], unique: true);
        migrationBuilder.CreateIndex(
            name: "IX_ConversationParticipants_UserId_LastActivityAt", table: "ConversationParticipants",
            columns: ["UserId", "LastActivityAt", "ConversationId"]);

        migrationBuilder.CreateTable(
            name: "Messages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                ConversationId = table.Column<Guid>(nullable: false),
                Seq = table.Column<long>(nullable: false),
                Version = table.Column<long>(nullable: false),
                SenderId = table.Column<Guid>(nullable: false),
                Content = table.Column<string>(maxLength: 4000, nullable: true),
                ClientMessageId = table.Column<string>(maxLength: 100, nullable: true),
                ReplyToId = table.Column<Guid>(nullable: true),
                ThreadRootId = table.Column<Guid>(nullable: true),
                ReplyCount = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                EditedAt = table.Column<DateTime>(nullable: true),
                DeletedAt = table.Column<DateTime>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Messages", x => x.Id);
                table.ForeignKey("FK_Messages_Conversations_ConversationId", x => x.ConversationId, "Conversations", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_Messages_Users_SenderId", x => x.SenderId, "Users", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(name: "IX_Messages_ConversationId_Seq", table: "Messages", columns: ["ConversationId", "Seq"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Messages_ConversationId_Version", table: "Messages", columns: ["ConversationId", "Version"]);
        migrationBuilder.CreateIndex(
            name: "IX_Messages_ConversationId_SenderId_ClientMessageId", table: "Messages",
            columns: ["ConversationId", "SenderId", "ClientMessageId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_Messages_ThreadRootId_Seq", table: "Messages", columns: ["ThreadRootId", "Seq"]);
        migrationBuilder.CreateIndex(name: "IX_Messages_SenderId", table: "Messages", column: "SenderId");

        migrationBuilder.CreateTable(
            name: "MessageEdits",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MessageId = table.Column<Guid>(nullable: false),
                Content = table.Column<string>(maxLength: 4000, nullable: false),
                EditedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MessageEdits", x => x.Id);
                table.ForeignKey("FK_MessageEdits_Messages_MessageId", x => x.MessageId, "Messages", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_MessageEdits_MessageId", table: "MessageEdits", column: "MessageId");

        migrationBuilder.CreateTable(
            name: "MessageMentions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MessageId = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MessageMentions", x => x.Id);
                table.ForeignKey("FK_MessageMentions_Messages_MessageId", x => x.MessageId, "Messages", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_MessageMentions_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_MessageMentions_MessageId_UserId", table: "MessageMentions", columns: ["MessageId", "UserId"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_MessageMentions_UserId", table: "MessageMentions", column: "UserId");

        migrationBuilder.CreateTable(
            name: "MessageReactions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MessageId = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                Emoji = table.Column<string>(maxLength: 32, nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MessageReactions", x => x.Id);
                table.ForeignKey("FK_MessageReactions_Messages_MessageId", x => x.MessageId, "Messages", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_MessageReactions_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_MessageReactions_MessageId_UserId_Emoji", table: "MessageReactions",
            columns: ["MessageId", "UserId", "Emoji"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_MessageReactions_UserId", table: "MessageReactions", column: "UserId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "MessageReactions");
        migrationBuilder.DropTable(name: "MessageMentions");
        migrationBuilder.DropTable(name: "MessageEdits");
        migrationBuilder.DropTable(name: "Messages");
        migrationBuilder.DropTable(name: "ConversationParticipants");
        migrationBuilder.DropTable(name: "Conversations");
    }
}

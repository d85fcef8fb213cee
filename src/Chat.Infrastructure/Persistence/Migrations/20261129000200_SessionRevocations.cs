using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Chat.Infrastructure.Persistence.Migrations;

/// <summary>Every node polls for refresh-token families revoked since its last look (SessionRevocationSync): an index on RevokedAt keeps that cheap.</summary>
[DbContext(typeof(ChatDbContext))]
[Migration("20261129000200_SessionRevocations")]
public sealed class SessionRevocations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "IX_RefreshTokens_RevokedAt", table: "RefreshTokens", column: "RevokedAt");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "IX_RefreshTokens_RevokedAt", table: "RefreshTokens");
}

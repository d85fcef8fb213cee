using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Chat.Infrastructure.Tests.Persistence.SqlServer;

/// <summary>
/// SQL Server without a server: a context on the SQL Server provider (it never connects: scripts are generated in
/// process), and ScriptDom's T-SQL parser (SQL Server 2022 grammar, QUOTED_IDENTIFIER on as EF's scripts assume).
/// </summary>
internal static class SqlServerOffline
{
    public const string ConnectionString = "Server=127.0.0.1,1;Database=chat;User Id=sa;Password=unused;TrustServerCertificate=True";

    public static ChatDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<ChatDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.SqlServer, ConnectionString);
        return new ChatDbContext(options.Options);
    }

    /// <summary>Every migration from an empty database to the latest, as <c>dotnet ef migrations script</c> writes it.</summary>
    public static string MigrationScript(bool idempotent)
    {
        using var db = CreateContext();
        return db.GetService<IMigrator>().GenerateScript(
            fromMigration: null,
            toMigration: null,
            idempotent ? MigrationsSqlGenerationOptions.Idempotent : MigrationsSqlGenerationOptions.Default);
    }

    /// <summary>The model's own schema (what <c>EnsureCreated()</c> would run).</summary>
    public static string ModelScript()
    {
        using var db = CreateContext();
        return db.Database.GenerateCreateScript();
    }

    public static TSqlScript Parse(string script, out IList<ParseError> errors)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        return (TSqlScript)parser.Parse(reader, out errors);
    }

    public static string Text(TSqlFragment fragment)
    {
        new Sql160ScriptGenerator(new SqlScriptGeneratorOptions { KeywordCasing = KeywordCasing.Uppercase })
            .GenerateScript(fragment, out var text);
        return text.ReplaceLineEndings(" ").Trim();
    }
}

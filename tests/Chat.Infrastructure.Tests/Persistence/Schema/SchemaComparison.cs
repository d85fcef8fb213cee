using System.Text;

namespace Chat.Infrastructure.Tests.Persistence.Schema;

/// <summary>
/// Compares the schema the migrations build with the one <c>EnsureCreated()</c> builds from the model.
/// Everything is compared except column order (irrelevant to the app) and one allowance on defaults: a migration that adds
/// a NOT NULL column to a table with rows must give it a default, which the model does not have, so a default is only
/// required to match where the model declares one.
/// </summary>
internal sealed class SchemaComparison
{
    private SchemaComparison(IReadOnlyList<string> missingFromMigrations, IReadOnlyList<string> notInModel, IReadOnlyList<string> model)
    {
        MissingFromMigrations = missingFromMigrations;
        NotInModel = notInModel;
        Model = model;
    }

    /// <summary>Lines of the model's schema that the migrated database lacks.</summary>
    public IReadOnlyList<string> MissingFromMigrations { get; }

    /// <summary>Lines of the migrated database that the model does not have.</summary>
    public IReadOnlyList<string> NotInModel { get; }

    public IReadOnlyList<string> Model { get; }

    public bool AreEqual => MissingFromMigrations.Count == 0 && NotInModel.Count == 0;

    public static SchemaComparison Compare(DatabaseSchema migrated, DatabaseSchema model)
    {
        var modelLines = model.Describe();
        var migratedLines = WithoutDefaultsTheModelLacks(migrated, model).Describe();
        return new SchemaComparison(
            modelLines.Except(migratedLines, StringComparer.Ordinal).ToList(),
            migratedLines.Except(modelLines, StringComparer.Ordinal).ToList(),
            modelLines);
    }

    public string Report(string provider)
    {
        var text = new StringBuilder();
        text.AppendLine($"The schema built by the migrations differs from the model's (EnsureCreated) on {provider}.");
        text.AppendLine("In the model but not after the migrations (fix the migration, or add one):");
        AppendLines(text, "  + ", MissingFromMigrations);
        text.AppendLine("After the migrations but not in the model:");
        AppendLines(text, "  - ", NotInModel);
        text.AppendLine("The model's schema:");
        AppendLines(text, "    ", Model);
        return text.ToString();
    }

    private static void AppendLines(StringBuilder text, string marker, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            text.AppendLine(marker + "(nothing)");
        }

        foreach (var line in lines)
        {
            text.AppendLine(marker + line);
        }
    }

    private static DatabaseSchema WithoutDefaultsTheModelLacks(DatabaseSchema migrated, DatabaseSchema model)
    {
        var modelTables = model.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var tables = migrated.Tables.Select(table =>
        {
            if (!modelTables.TryGetValue(table.Name, out var modelTable))
            {
                return table;
            }

            var modelColumns = modelTable.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
            return table with
            {
                Columns = table.Columns
                    .Select(c => c.Default is not null && modelColumns.TryGetValue(c.Name, out var m) && m.Default is null ? c with { Default = null } : c)
                    .ToList(),
            };
        });
        return migrated with { Tables = tables.ToList() };
    }
}

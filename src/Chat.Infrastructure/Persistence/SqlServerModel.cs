using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// SQL Server refuses a second cascading path to a table (error 1785): Friendships and Blocks each hold two cascading
/// foreign keys to Users. On SQL Server only the first of such keys (by column name) cascades in the database; the
/// others are <see cref="DeleteBehavior.ClientCascade"/> (NO ACTION in the schema; EF deletes the tracked dependents).
/// Nothing deletes users today; a feature that does deletes these rows first on SQL Server. The hand-written
/// migrations say CASCADE for both: <see cref="SqlServerMigrationsGenerator"/> follows the model there.
/// </summary>
internal static class SqlServerModel
{
    public static void AvoidMultipleCascadePaths(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            var cascades = entity.GetForeignKeys()
                .Where(fk => fk.DeleteBehavior == DeleteBehavior.Cascade)
                .GroupBy(fk => fk.PrincipalEntityType)
                .Where(g => g.Count() > 1);
            foreach (var group in cascades)
            {
                foreach (var foreignKey in group.OrderBy(fk => string.Join(",", fk.Properties.Select(p => p.Name)), StringComparer.Ordinal).Skip(1))
                {
                    foreignKey.DeleteBehavior = DeleteBehavior.ClientCascade;
                }
            }
        }
    }
}

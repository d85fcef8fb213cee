using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// SQL Server refuses a second cascading path to a table (error 1785). Two shapes occur here:
/// <list type="bullet">
/// <item>two cascading keys to the same principal (Friendships and Blocks each hold two to Users): only the first (by
/// column name) cascades in the database;</item>
/// <item>a cascading key whose principal already reaches the table through another cascading key (MessageSearchEntries →
/// Conversations, while Conversations → Messages → MessageSearchEntries): the shortcut does not cascade, since deleting
/// the principal removes the rows along the longer path anyway.</item>
/// </list>
/// Such keys become <see cref="DeleteBehavior.ClientCascade"/> on SQL Server only (NO ACTION in the schema; EF deletes
/// tracked dependents). The hand-written migrations say CASCADE: <see cref="SqlServerMigrationsGenerator"/> follows
/// the model there.
/// </summary>
internal static class SqlServerModel
{
    public static void AvoidMultipleCascadePaths(ModelBuilder modelBuilder)
    {
        var entities = modelBuilder.Model.GetEntityTypes().ToList();
        var demoted = new List<IMutableForeignKey>();
        foreach (var entity in entities)
        {
            var cascades = entity.GetForeignKeys().Where(fk => fk.DeleteBehavior == DeleteBehavior.Cascade).ToList();
            foreach (var group in cascades.GroupBy(fk => fk.PrincipalEntityType).Where(g => g.Count() > 1))
            {
                demoted.AddRange(group.OrderBy(fk => string.Join(",", fk.Properties.Select(p => p.Name)), StringComparer.Ordinal).Skip(1));
            }

            demoted.AddRange(cascades.Where(shortcut => cascades.Any(other =>
                other != shortcut && other.PrincipalEntityType != shortcut.PrincipalEntityType
                && CascadeAncestors(other.PrincipalEntityType).Contains(shortcut.PrincipalEntityType))));
        }

        foreach (var foreignKey in demoted)
        {
            foreignKey.DeleteBehavior = DeleteBehavior.ClientCascade;
        }
    }

    // Every entity type whose deletion cascades, through one or more keys, to the given one.
    private static HashSet<IMutableEntityType> CascadeAncestors(IMutableEntityType entity)
    {
        var seen = new HashSet<IMutableEntityType>();
        var pending = new Stack<IMutableEntityType>([entity]);
        while (pending.TryPop(out var current))
        {
            foreach (var fk in current.GetForeignKeys().Where(fk => fk.DeleteBehavior == DeleteBehavior.Cascade))
            {
                if (seen.Add(fk.PrincipalEntityType))
                {
                    pending.Push(fk.PrincipalEntityType);
                }
            }
        }

        return seen;
    }
}

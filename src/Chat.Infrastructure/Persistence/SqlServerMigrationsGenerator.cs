using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Update;

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// SQL Server's migration SQL for hand-written migrations (docs/decisions/0009). A hand-written migration has no target
/// model, and without one EF's SQL Server generator falls back to its pre-2.0 rule and filters every column of a unique
/// index with <c>IS NOT NULL</c>. Given the model, it filters only the nullable columns — SQL Server counts NULLs as
/// equal in a unique index — exactly as the model's own create script does. So indexes are generated against the
/// current model (a column the index names but the model no longer has counts as nullable, the safe side).
/// </summary>
internal sealed class SqlServerMigrationsGenerator(
    MigrationsSqlGeneratorDependencies dependencies,
    ICommandBatchPreparer commandBatchPreparer,
    ICurrentDbContext currentContext)
    : SqlServerMigrationsSqlGenerator(dependencies, commandBatchPreparer)
{
    private IModel CurrentModel => currentContext.Context.GetService<IDesignTimeModel>().Model;

    // The model EF hands a migration without a target model has no tables in its relational view, so every column
    // looks nullable; the design-time model of the current build has them.
    protected override void Generate(CreateIndexOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true) =>
        base.Generate(operation, CurrentModel, builder, terminate);

    /// <summary>
    /// A foreign key the migration declares CASCADE but the SQL Server model keeps NO ACTION (a second cascading path,
    /// see <see cref="SqlServerModel"/>) is created NO ACTION. Nothing else about foreign keys is changed here.
    /// </summary>
    protected override void ForeignKeyConstraint(AddForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder)
    {
        var inModel = CurrentModel.GetRelationalModel().FindTable(operation.Table, operation.Schema)?
            .ForeignKeyConstraints.FirstOrDefault(fk => fk.Name == operation.Name);
        if (operation.OnDelete == ReferentialAction.Cascade && inModel?.OnDeleteAction == ReferentialAction.NoAction)
        {
            operation.OnDelete = ReferentialAction.NoAction;
        }

        base.ForeignKeyConstraint(operation, model, builder);
    }

    /// <summary>Filter a unique index exactly when one of its columns is nullable.</summary>
    protected override bool UseLegacyIndexFilters(CreateIndexOperation operation, IModel? model)
    {
        var table = CurrentModel.GetRelationalModel().FindTable(operation.Table, operation.Schema);
        return operation.Filter is null
            && operation.IsUnique
            && operation.Columns.Any(c => table?.FindColumn(c)?.IsNullable != false);
    }
}

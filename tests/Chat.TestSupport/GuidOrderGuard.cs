using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Chat.TestSupport;

/// <summary>
/// Fails any EF Core query whose primary order (<c>OrderBy</c>/<c>OrderByDescending</c>, query syntax
/// <c>orderby</c> included) is a <see cref="Guid"/>. Ids are UUID v7, which SQLite and PostgreSQL sort by creation
/// but SQL Server's <c>uniqueidentifier</c> sorts by its last bytes first (decisions/0009), so a list paged by id is
/// chronological on two providers and scrambled on the third. Order by a timestamp (or sequence) instead; a Guid may
/// still break ties (<c>ThenBy</c>). Installed in every handler test (<c>ApplicationTestHost</c>) and every in-process
/// API test (<c>ChatApiFactory</c>), so each list query is checked the first time a test compiles it, on any provider.
/// </summary>
public sealed class GuidOrderGuard : IQueryExpressionInterceptor
{
    public static readonly GuidOrderGuard Instance = new();

    private GuidOrderGuard()
    {
    }

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        new Finder().Visit(queryExpression);
        return queryExpression;
    }

    /// <summary>The primary orderings by a Guid in <paramref name="query"/>, as text (empty when there is none).</summary>
    public static IReadOnlyList<string> Offenders(Expression query)
    {
        var finder = new Finder(throwOnFirst: false);
        finder.Visit(query);
        return finder.Found;
    }

    private sealed class Finder(bool throwOnFirst = true) : ExpressionVisitor
    {
        public List<string> Found { get; } = [];

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType == typeof(Queryable)
                && node.Method.Name is nameof(Queryable.OrderBy) or nameof(Queryable.OrderByDescending)
                && node.Arguments.Count >= 2
                && StripQuotes(node.Arguments[1]) is LambdaExpression key
                && IsGuid(StripConvert(key.Body).Type))
            {
                var text = $"{node.Method.Name}({key})";
                Found.Add(text);
                if (throwOnFirst)
                {
                    throw new InvalidOperationException(
                        $"A query orders primarily by a Guid: {text}. SQL Server sorts uniqueidentifier by its last bytes, not like a UUID v7 string, " +
                        "so such a list is not chronological there (decisions/0009). Order by a timestamp or sequence and let the id only break ties (ThenBy).");
                }
            }

            return base.VisitMethodCall(node);
        }

        private static bool IsGuid(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(Guid);

        private static Expression StripQuotes(Expression expression) =>
            expression is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : expression;

        private static Expression StripConvert(Expression expression) =>
            expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? StripConvert(convert.Operand) : expression;
    }
}

namespace Chat.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL's message search column: <c>"MessageSearchEntries"."SearchVector"</c>, a <c>tsvector</c> generated and stored
/// from the folded <c>"Terms"</c> with the <c>simple</c> configuration (no stemming, no stop words), and its GIN index.
/// One definition for the model (<see cref="ChatDbContext"/>) and the migration that adds it
/// (<c>20261129000810_SearchVectorColumn</c>), so both build the same schema.
/// </summary>
internal static class PostgresSearchVector
{
    public const string Column = "SearchVector";

    public const string Expression = """to_tsvector('simple'::regconfig, "Terms")""";

    public const string Index = "IX_MessageSearchEntries_SearchVector";
}

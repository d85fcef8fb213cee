using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Search;

/// <summary>One API on a live SQL Server (CHAT_TEST_SQLSERVER; left out by the CI filter without it) for the search tests.</summary>
public sealed class SqlServerSearchFixture() : LazyApiFixture(DatabaseProvider.SqlServer, AttachmentApi.Settings);

/// <summary>The search scenarios (<see cref="SearchScenarios"/>) on a live SQL Server (CHAT_TEST_SQLSERVER; left out by the CI filter without it).</summary>
[Trait("Category", TestEnvironment.SqlServerLiveTrait)]
public sealed class SearchSqlServerTests(SqlServerSearchFixture fixture) : IClassFixture<SqlServerSearchFixture>
{
    private async Task<SearchScenarios> On() => new(await fixture.FactoryAsync());

    [SqlServerFact]
    public async Task Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script_on_sql_server() => await (await On()).Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script();

    [SqlServerFact]
    public async Task Every_word_must_match_and_the_last_also_as_a_prefix_on_sql_server() => await (await On()).Every_word_must_match_and_the_last_also_as_a_prefix();

    [SqlServerFact]
    public async Task Query_syntax_typed_by_a_user_is_plain_text_on_sql_server() => await (await On()).Query_syntax_typed_by_a_user_is_plain_text();

    [SqlServerFact]
    public async Task Only_conversations_the_caller_takes_part_in_now_are_searched_on_sql_server() => await (await On()).Only_conversations_the_caller_takes_part_in_now_are_searched();

    [SqlServerFact]
    public async Task Edits_and_deletes_are_reflected_and_file_names_are_searchable_on_sql_server() => await (await On()).Edits_and_deletes_are_reflected_and_file_names_are_searchable();

    [SqlServerFact]
    public async Task Results_are_newest_first_paged_and_carry_snippets_with_highlights_on_sql_server() => await (await On()).Results_are_newest_first_paged_and_carry_snippets_with_highlights();
}

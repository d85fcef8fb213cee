using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Search;

/// <summary>One API on Sqlite for the search tests.</summary>
public sealed class SqliteSearchFixture() : LazyApiFixture(DatabaseProvider.Sqlite, AttachmentApi.Settings);

/// <summary>The search scenarios (<see cref="SearchScenarios"/>) on Sqlite.</summary>
public sealed class SearchSqliteTests(SqliteSearchFixture fixture) : IClassFixture<SqliteSearchFixture>
{
    private async Task<SearchScenarios> On() => new(await fixture.FactoryAsync());

    [Fact]
    public async Task Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script() => await (await On()).Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script();

    [Fact]
    public async Task Every_word_must_match_and_the_last_also_as_a_prefix() => await (await On()).Every_word_must_match_and_the_last_also_as_a_prefix();

    [Fact]
    public async Task Query_syntax_typed_by_a_user_is_plain_text() => await (await On()).Query_syntax_typed_by_a_user_is_plain_text();

    [Fact]
    public async Task Only_conversations_the_caller_takes_part_in_now_are_searched() => await (await On()).Only_conversations_the_caller_takes_part_in_now_are_searched();

    [Fact]
    public async Task Edits_and_deletes_are_reflected_and_file_names_are_searchable() => await (await On()).Edits_and_deletes_are_reflected_and_file_names_are_searchable();

    [Fact]
    public async Task Results_are_newest_first_paged_and_carry_snippets_with_highlights() => await (await On()).Results_are_newest_first_paged_and_carry_snippets_with_highlights();
}

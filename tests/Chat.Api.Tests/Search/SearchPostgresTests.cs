using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Search;

/// <summary>One API on Postgres for the search tests.</summary>
public sealed class PostgresSearchFixture() : LazyApiFixture(DatabaseProvider.Postgres, AttachmentApi.Settings);

/// <summary>The search scenarios (<see cref="SearchScenarios"/>) on Postgres.</summary>
public sealed class SearchPostgresTests(PostgresSearchFixture fixture) : IClassFixture<PostgresSearchFixture>
{
    private async Task<SearchScenarios> On() => new(await fixture.FactoryAsync());

    [PostgresFact]
    public async Task Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script_on_postgres() => await (await On()).Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script();

    [PostgresFact]
    public async Task Every_word_must_match_and_the_last_also_as_a_prefix_on_postgres() => await (await On()).Every_word_must_match_and_the_last_also_as_a_prefix();

    [PostgresFact]
    public async Task Query_syntax_typed_by_a_user_is_plain_text_on_postgres() => await (await On()).Query_syntax_typed_by_a_user_is_plain_text();

    [PostgresFact]
    public async Task Only_conversations_the_caller_takes_part_in_now_are_searched_on_postgres() => await (await On()).Only_conversations_the_caller_takes_part_in_now_are_searched();

    [PostgresFact]
    public async Task Edits_and_deletes_are_reflected_and_file_names_are_searchable_on_postgres() => await (await On()).Edits_and_deletes_are_reflected_and_file_names_are_searchable();

    [PostgresFact]
    public async Task Results_are_newest_first_paged_and_carry_snippets_with_highlights_on_postgres() => await (await On()).Results_are_newest_first_paged_and_carry_snippets_with_highlights();
}

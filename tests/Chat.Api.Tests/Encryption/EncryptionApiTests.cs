using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Search;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Encryption;

/// <summary>One encrypted API on SQLite.</summary>
public sealed class EncryptedSqliteFixture() : LazyApiFixture(DatabaseProvider.Sqlite, EncryptionScenarios.Settings);

/// <summary>One encrypted API on PostgreSQL.</summary>
public sealed class EncryptedPostgresFixture() : LazyApiFixture(DatabaseProvider.Postgres, EncryptionScenarios.Settings);

/// <summary>The encryption scenarios (<see cref="EncryptionScenarios"/>) on SQLite.</summary>
public sealed class EncryptionSqliteTests(EncryptedSqliteFixture fixture) : IClassFixture<EncryptedSqliteFixture>
{
    private async Task<EncryptionScenarios> On() => new(await fixture.FactoryAsync());

    [Fact]
    public async Task Every_read_path_serves_the_texts_as_written() => await (await On()).Every_read_path_serves_the_texts_as_written();

    [Fact]
    public async Task Search_finds_the_same_messages_as_without_encryption() => await (await On()).Search_finds_the_same_messages_as_without_encryption();

    [Fact]
    public async Task Deleting_a_conversation_erases_its_key_and_saved_copies_of_its_rows_stay_unreadable() =>
        await (await On()).Deleting_a_conversation_erases_its_key_and_saved_copies_of_its_rows_stay_unreadable();

    [Fact]
    public async Task The_stored_rows_hold_none_of_the_words() => await (await On()).The_stored_rows_hold_none_of_the_words();

    [Fact]
    public async Task A_tampered_or_moved_ciphertext_is_served_as_unreadable_and_the_rest_of_the_page_is_not() =>
        await (await On()).A_tampered_or_moved_ciphertext_is_served_as_unreadable_and_the_rest_of_the_page_is_not();
}

/// <summary>The encryption scenarios (<see cref="EncryptionScenarios"/>) on PostgreSQL.</summary>
public sealed class EncryptionPostgresTests(EncryptedPostgresFixture fixture) : IClassFixture<EncryptedPostgresFixture>
{
    private async Task<EncryptionScenarios> On() => new(await fixture.FactoryAsync());

    [PostgresFact]
    public async Task Every_read_path_serves_the_texts_as_written_on_postgres() => await (await On()).Every_read_path_serves_the_texts_as_written();

    [PostgresFact]
    public async Task Search_finds_the_same_messages_as_without_encryption_on_postgres() => await (await On()).Search_finds_the_same_messages_as_without_encryption();

    [PostgresFact]
    public async Task Deleting_a_conversation_erases_its_key_and_saved_copies_of_its_rows_stay_unreadable_on_postgres() =>
        await (await On()).Deleting_a_conversation_erases_its_key_and_saved_copies_of_its_rows_stay_unreadable();

    [PostgresFact]
    public async Task The_stored_rows_hold_none_of_the_words_on_postgres() => await (await On()).The_stored_rows_hold_none_of_the_words();

    [PostgresFact]
    public async Task A_tampered_or_moved_ciphertext_is_served_as_unreadable_and_the_rest_of_the_page_is_not_on_postgres() =>
        await (await On()).A_tampered_or_moved_ciphertext_is_served_as_unreadable_and_the_rest_of_the_page_is_not();
}

/// <summary>One encrypted API on SQLite for the search scenarios.</summary>
public sealed class EncryptedSqliteSearchFixture() : LazyApiFixture(DatabaseProvider.Sqlite, EncryptionScenarios.Settings);

/// <summary>One encrypted API on PostgreSQL for the search scenarios.</summary>
public sealed class EncryptedPostgresSearchFixture() : LazyApiFixture(DatabaseProvider.Postgres, EncryptionScenarios.Settings);

/// <summary>The search scenarios of issue 12 (<see cref="SearchScenarios"/>) over the blind index, on SQLite.</summary>
public sealed class EncryptedSearchSqliteTests(EncryptedSqliteSearchFixture fixture) : IClassFixture<EncryptedSqliteSearchFixture>
{
    private async Task<SearchScenarios> On() => new(await fixture.FactoryAsync());

    [Fact]
    public async Task Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script_encrypted() => await (await On()).Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script();

    [Fact]
    public async Task Every_word_must_match_and_the_last_also_as_a_prefix_encrypted() => await (await On()).Every_word_must_match_and_the_last_also_as_a_prefix();

    [Fact]
    public async Task Query_syntax_typed_by_a_user_is_plain_text_encrypted() => await (await On()).Query_syntax_typed_by_a_user_is_plain_text();

    [Fact]
    public async Task Only_conversations_the_caller_takes_part_in_now_are_searched_encrypted() => await (await On()).Only_conversations_the_caller_takes_part_in_now_are_searched();

    [Fact]
    public async Task Edits_and_deletes_are_reflected_and_file_names_are_searchable_encrypted() => await (await On()).Edits_and_deletes_are_reflected_and_file_names_are_searchable();

    [Fact]
    public async Task Results_are_newest_first_paged_and_carry_snippets_with_highlights_encrypted() => await (await On()).Results_are_newest_first_paged_and_carry_snippets_with_highlights();
}

/// <summary>The search scenarios of issue 12 (<see cref="SearchScenarios"/>) over the blind index, on PostgreSQL.</summary>
public sealed class EncryptedSearchPostgresTests(EncryptedPostgresSearchFixture fixture) : IClassFixture<EncryptedPostgresSearchFixture>
{
    private async Task<SearchScenarios> On() => new(await fixture.FactoryAsync());

    [PostgresFact]
    public async Task Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script_encrypted_on_postgres() => await (await On()).Words_match_whatever_their_case_normal_form_or_diacritics_in_every_script();

    [PostgresFact]
    public async Task Every_word_must_match_and_the_last_also_as_a_prefix_encrypted_on_postgres() => await (await On()).Every_word_must_match_and_the_last_also_as_a_prefix();

    [PostgresFact]
    public async Task Query_syntax_typed_by_a_user_is_plain_text_encrypted_on_postgres() => await (await On()).Query_syntax_typed_by_a_user_is_plain_text();

    [PostgresFact]
    public async Task Only_conversations_the_caller_takes_part_in_now_are_searched_encrypted_on_postgres() => await (await On()).Only_conversations_the_caller_takes_part_in_now_are_searched();

    [PostgresFact]
    public async Task Edits_and_deletes_are_reflected_and_file_names_are_searchable_encrypted_on_postgres() => await (await On()).Edits_and_deletes_are_reflected_and_file_names_are_searchable();

    [PostgresFact]
    public async Task Results_are_newest_first_paged_and_carry_snippets_with_highlights_encrypted_on_postgres() => await (await On()).Results_are_newest_first_paged_and_carry_snippets_with_highlights();
}

using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Encryption;

/// <summary>One encrypted API on SQLite for the attachment scenarios.</summary>
public sealed class EncryptedAttachmentSqliteFixture() : LazyApiFixture(DatabaseProvider.Sqlite, EncryptionScenarios.Settings);

/// <summary>One encrypted API on PostgreSQL for the attachment scenarios.</summary>
public sealed class EncryptedAttachmentPostgresFixture() : LazyApiFixture(DatabaseProvider.Postgres, EncryptionScenarios.Settings);

/// <summary>The encrypted attachment scenarios (<see cref="EncryptedAttachmentScenarios"/>) on SQLite.</summary>
public sealed class EncryptedAttachmentSqliteTests(EncryptedAttachmentSqliteFixture fixture) : IClassFixture<EncryptedAttachmentSqliteFixture>
{
    private async Task<EncryptedAttachmentScenarios> On() => new(await fixture.FactoryAsync());

    [Fact]
    public async Task Files_are_served_as_uploaded_through_every_read_path() => await (await On()).Files_are_served_as_uploaded_through_every_read_path();

    [Fact]
    public async Task Stored_files_and_rows_hold_neither_the_bytes_nor_the_file_names() => await (await On()).Stored_files_and_rows_hold_neither_the_bytes_nor_the_file_names();

    [Fact]
    public async Task A_damaged_or_swapped_stored_file_is_refused_and_never_served() => await (await On()).A_damaged_or_swapped_stored_file_is_refused_and_never_served();

    [Fact]
    public async Task Deleting_a_channel_or_a_room_erases_its_keys_and_saved_copies_of_its_rows_and_files_stay_unreadable() =>
        await (await On()).Deleting_a_channel_or_a_room_erases_its_keys_and_saved_copies_of_its_rows_and_files_stay_unreadable();
}

/// <summary>The encrypted attachment scenarios (<see cref="EncryptedAttachmentScenarios"/>) on PostgreSQL.</summary>
public sealed class EncryptedAttachmentPostgresTests(EncryptedAttachmentPostgresFixture fixture) : IClassFixture<EncryptedAttachmentPostgresFixture>
{
    private async Task<EncryptedAttachmentScenarios> On() => new(await fixture.FactoryAsync());

    [PostgresFact]
    public async Task Files_are_served_as_uploaded_through_every_read_path_on_postgres() => await (await On()).Files_are_served_as_uploaded_through_every_read_path();

    [PostgresFact]
    public async Task Stored_files_and_rows_hold_neither_the_bytes_nor_the_file_names_on_postgres() => await (await On()).Stored_files_and_rows_hold_neither_the_bytes_nor_the_file_names();

    [PostgresFact]
    public async Task A_damaged_or_swapped_stored_file_is_refused_and_never_served_on_postgres() => await (await On()).A_damaged_or_swapped_stored_file_is_refused_and_never_served();

    [PostgresFact]
    public async Task Deleting_a_channel_or_a_room_erases_its_keys_and_saved_copies_of_its_rows_and_files_stay_unreadable_on_postgres() =>
        await (await On()).Deleting_a_channel_or_a_room_erases_its_keys_and_saved_copies_of_its_rows_and_files_stay_unreadable();
}

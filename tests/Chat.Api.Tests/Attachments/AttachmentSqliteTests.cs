using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Attachments;

/// <summary>One API on Sqlite for the attachment tests.</summary>
public sealed class SqliteAttachmentFixture() : LazyApiFixture(DatabaseProvider.Sqlite, AttachmentApi.Settings);

/// <summary>The attachment scenarios (<see cref="AttachmentScenarios"/>) on Sqlite.</summary>
public sealed class AttachmentSqliteTests(SqliteAttachmentFixture fixture) : IClassFixture<SqliteAttachmentFixture>
{
    private async Task<AttachmentScenarios> On() => new(await fixture.FactoryAsync());

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_stored_and_one_byte_more_is_413() => await (await On()).A_file_of_exactly_the_limit_is_stored_and_one_byte_more_is_413();

    [Fact]
    public async Task The_type_comes_from_the_bytes_not_from_the_name_or_header() => await (await On()).The_type_comes_from_the_bytes_not_from_the_name_or_header();

    [Fact]
    public async Task File_names_are_sanitised_and_jpeg_metadata_is_stripped() => await (await On()).File_names_are_sanitised_and_jpeg_metadata_is_stripped();

    [Fact]
    public async Task Identical_bytes_are_stored_once_and_counted_by_reference() => await (await On()).Identical_bytes_are_stored_once_and_counted_by_reference();

    [Fact]
    public async Task A_message_carries_its_attachments_and_each_upload_goes_into_one_message_only() => await (await On()).A_message_carries_its_attachments_and_each_upload_goes_into_one_message_only();

    [Fact]
    public async Task One_request_multipart_send_stores_the_message_with_its_files_and_a_retry_answers_the_same() => await (await On()).One_request_multipart_send_stores_the_message_with_its_files_and_a_retry_answers_the_same();

    [Fact]
    public async Task Downloads_are_for_the_uploader_and_readers_of_a_live_message_only() => await (await On()).Downloads_are_for_the_uploader_and_readers_of_a_live_message_only();

    [Fact]
    public async Task Downloads_carry_safe_headers_etags_and_ranges() => await (await On()).Downloads_carry_safe_headers_etags_and_ranges();

    [Fact]
    public async Task Clean_up_removes_old_unsent_uploads_and_files_of_deleted_messages_but_nothing_referenced() => await (await On()).Clean_up_removes_old_unsent_uploads_and_files_of_deleted_messages_but_nothing_referenced();

    [Fact]
    public async Task Sending_and_clean_up_racing_never_lose_a_referenced_file() => await (await On()).Sending_and_clean_up_racing_never_lose_a_referenced_file();

    [Fact]
    public async Task Uploads_past_the_users_quota_are_refused() => await (await On()).Uploads_past_the_users_quota_are_refused();

    [Fact]
    public async Task Upload_requests_without_a_file_part_are_refused_clearly() => await (await On()).Upload_requests_without_a_file_part_are_refused_clearly();
}

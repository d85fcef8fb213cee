using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Attachments;

/// <summary>One API on a live SQL Server (CHAT_TEST_SQLSERVER; left out by the CI filter without it) for the attachment tests.</summary>
public sealed class SqlServerAttachmentFixture() : LazyApiFixture(DatabaseProvider.SqlServer, AttachmentApi.Settings);

/// <summary>The attachment scenarios (<see cref="AttachmentScenarios"/>) on a live SQL Server (CHAT_TEST_SQLSERVER; left out by the CI filter without it).</summary>
[Trait("Category", TestEnvironment.SqlServerLiveTrait)]
public sealed class AttachmentSqlServerTests(SqlServerAttachmentFixture fixture) : IClassFixture<SqlServerAttachmentFixture>
{
    private async Task<AttachmentScenarios> On() => new(await fixture.FactoryAsync());

    [SqlServerFact]
    public async Task A_file_of_exactly_the_limit_is_stored_and_one_byte_more_is_413_on_sql_server() => await (await On()).A_file_of_exactly_the_limit_is_stored_and_one_byte_more_is_413();

    [SqlServerFact]
    public async Task The_type_comes_from_the_bytes_not_from_the_name_or_header_on_sql_server() => await (await On()).The_type_comes_from_the_bytes_not_from_the_name_or_header();

    [SqlServerFact]
    public async Task File_names_are_sanitised_and_jpeg_metadata_is_stripped_on_sql_server() => await (await On()).File_names_are_sanitised_and_jpeg_metadata_is_stripped();

    [SqlServerFact]
    public async Task Identical_bytes_are_stored_once_and_counted_by_reference_on_sql_server() => await (await On()).Identical_bytes_are_stored_once_and_counted_by_reference();

    [SqlServerFact]
    public async Task A_message_carries_its_attachments_and_each_upload_goes_into_one_message_only_on_sql_server() => await (await On()).A_message_carries_its_attachments_and_each_upload_goes_into_one_message_only();

    [SqlServerFact]
    public async Task One_request_multipart_send_stores_the_message_with_its_files_and_a_retry_answers_the_same_on_sql_server() => await (await On()).One_request_multipart_send_stores_the_message_with_its_files_and_a_retry_answers_the_same();

    [SqlServerFact]
    public async Task Downloads_are_for_the_uploader_and_readers_of_a_live_message_only_on_sql_server() => await (await On()).Downloads_are_for_the_uploader_and_readers_of_a_live_message_only();

    [SqlServerFact]
    public async Task Downloads_carry_safe_headers_etags_and_ranges_on_sql_server() => await (await On()).Downloads_carry_safe_headers_etags_and_ranges();

    [SqlServerFact]
    public async Task Clean_up_removes_old_unsent_uploads_and_files_of_deleted_messages_but_nothing_referenced_on_sql_server() => await (await On()).Clean_up_removes_old_unsent_uploads_and_files_of_deleted_messages_but_nothing_referenced();

    [SqlServerFact]
    public async Task Sending_and_clean_up_racing_never_lose_a_referenced_file_on_sql_server() => await (await On()).Sending_and_clean_up_racing_never_lose_a_referenced_file();

    [SqlServerFact]
    public async Task Uploads_past_the_users_quota_are_refused_on_sql_server() => await (await On()).Uploads_past_the_users_quota_are_refused();

    [SqlServerFact]
    public async Task Upload_requests_without_a_file_part_are_refused_clearly_on_sql_server() => await (await On()).Upload_requests_without_a_file_part_are_refused_clearly();
}

using System.Text.Json;
using Chat.Application.Common.Serialization;

namespace Chat.Application.Tests.Serialization;

public sealed class ChatJsonTests
{
    private enum Role
    {
        Moderator,
    }

    [Fact]
    public void Timestamps_are_utc_with_offset_names_camel_case_and_enums_lower_case_strings()
    {
        var json = JsonSerializer.Serialize(
            new { CreatedAt = new DateTime(2026, 11, 21, 10, 0, 0, 123, DateTimeKind.Utc), MyRole = Role.Moderator }, ChatJson.Options);

        json.Should().Be("""{"createdAt":"2026-11-21T10:00:00.123+00:00","myRole":"moderator"}""");
    }

    [Fact]
    public void Every_timestamp_is_written_whole_from_the_first_to_the_last_representable_and_null_stays_null()
    {
        var json = JsonSerializer.Serialize(
            new DateTime?[] { DateTime.MinValue, DateTime.MaxValue, new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Unspecified), null }, ChatJson.Options);

        json.Should().Be("""["0001-01-01T00:00:00.000+00:00","9999-12-31T23:59:59.999+00:00","2026-01-02T03:04:05.006+00:00",null]""");
    }

    [Fact]
    public void Timestamps_with_an_offset_are_read_back_as_utc()
    {
        var value = JsonSerializer.Deserialize<DateTime>("\"2026-11-21T12:00:00+02:00\"", ChatJson.Options);

        value.Should().Be(new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc));
        value.Kind.Should().Be(DateTimeKind.Utc);
    }
}

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
    public void Timestamps_with_an_offset_are_read_back_as_utc()
    {
        var value = JsonSerializer.Deserialize<DateTime>("\"2026-11-21T12:00:00+02:00\"", ChatJson.Options);

        value.Should().Be(new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc));
        value.Kind.Should().Be(DateTimeKind.Utc);
    }
}

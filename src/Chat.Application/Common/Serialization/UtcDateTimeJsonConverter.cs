using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chat.Application.Common.Serialization;

/// <summary>Timestamps are stored as UTC <see cref="DateTime"/> and written as ISO-8601 with offset: <c>2026-11-21T10:00:00.123+00:00</c>.</summary>
public sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().UtcDateTime;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'", CultureInfo.InvariantCulture));
}

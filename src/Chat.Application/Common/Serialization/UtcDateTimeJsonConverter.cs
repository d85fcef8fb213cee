using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chat.Application.Common.Serialization;

/// <summary>Timestamps are stored as UTC <see cref="DateTime"/> and written as ISO-8601 with offset: <c>2026-11-21T10:00:00.123+00:00</c>.</summary>
public sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'+00:00'";

    // Every DateTime has a four-digit year, so every timestamp is exactly this long (ChatJsonTests: the first and last).
    private const int Length = 29;

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().UtcDateTime;

    /// <summary>Formats straight into UTF-8 on the stack: a page of 50 messages writes 50–150 timestamps, none as a string.</summary>
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        Span<byte> utf8 = stackalloc byte[Length];
        DateTime.SpecifyKind(value, DateTimeKind.Utc).TryFormat(utf8, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(utf8[..written]);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chat.Application.Common.Serialization;

/// <summary>The one JSON shape of the contract: camelCase, enums as lower-case strings, UTC timestamps with offset.</summary>
public static class ChatJson
{
    // The relaxed encoder is what ASP.NET uses for HTTP bodies, so socket frames read the same ("+00:00", not "\u002B00:00").
    // It is safe here: frames and API bodies are JSON documents, never embedded in HTML.
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new UtcDateTimeJsonConverter());
        return options;
    }
}

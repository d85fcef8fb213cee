using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chat.Application.Common.Serialization;

/// <summary>The one JSON shape of the contract: camelCase, enums as lower-case strings, UTC timestamps with offset.</summary>
public static class ChatJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new UtcDateTimeJsonConverter());
        return options;
    }
}

using Chat.Infrastructure.Persistence;

namespace Chat.TestSupport;

/// <summary>
/// The configuration every in-process test server starts with: a real database, a fixed signing key, every rate limit
/// off (a test that needs one sets it), cheap password hashing so sign-ups are fast, the attachment clean-up job off, and
/// warnings only in the log. One list, so the API tests and the browser tests run the same server.
/// </summary>
public static class TestServerSettings
{
    /// <summary>
    /// The settings for a server over <paramref name="database"/> storing files in <paramref name="dataDirectory"/>;
    /// <paramref name="overrides"/> (may be null) replace or add keys.
    /// </summary>
    public static Dictionary<string, string?> For(
        TestDatabase database,
        string dataDirectory,
        string signingKey,
        IDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chat:DataDirectory"] = dataDirectory,
            ["Chat:Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Chat"] = database.ConnectionString,
            ["Chat:Jwt:SigningKey"] = signingKey,
            ["Chat:Passwords:Iterations"] = "1000",
            ["Chat:RateLimits:Login:PermitLimit"] = "0",
            ["Chat:RateLimits:Register:PermitLimit"] = "0",
            ["Chat:RateLimits:SendMessage:PermitLimit"] = "0",
            ["Chat:RateLimits:CreateConversation:PermitLimit"] = "0",
            ["Chat:RateLimits:Socket:PermitLimit"] = "0",
            ["Chat:RateLimits:UploadAttachment:PermitLimit"] = "0",
            ["Chat:Attachments:CleanupInterval"] = "00:00:00",
            ["Chat:Logging:MinimumLevel"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}

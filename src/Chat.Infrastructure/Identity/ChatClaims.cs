namespace Chat.Infrastructure.Identity;

/// <summary>Claim names of the access token (RFC 7519 names where one exists).</summary>
public static class ChatClaims
{
    /// <summary>The user id (a GUID).</summary>
    public const string Subject = "sub";

    /// <summary>The login (refresh-token family, a GUID) the token belongs to; every access token carries one.</summary>
    public const string Session = "sid";

    /// <summary>Expiry, seconds since the Unix epoch.</summary>
    public const string Expires = "exp";
}

namespace Chat.Infrastructure.Identity;

/// <summary><c>Chat:Jwt</c>. With no <see cref="SigningKey"/>, one is generated on first run and kept in the data directory.</summary>
public sealed class JwtOptions
{
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "chat";

    public string Audience { get; set; } = "chat";

    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>Overrides <see cref="AccessTokenMinutes"/> when set (short lifetimes for tests and drills).</summary>
    public int? AccessTokenSeconds { get; set; }

    /// <summary>Tolerance for clock differences when judging a token's expiry over REST (sockets close at the exact expiry).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public TimeSpan AccessTokenLifetime => AccessTokenSeconds is { } seconds && seconds > 0
        ? TimeSpan.FromSeconds(seconds)
        : TimeSpan.FromMinutes(AccessTokenMinutes);

    public int RefreshTokenDays { get; set; } = 30;
}

namespace Chat.Infrastructure.Identity;

/// <summary><c>Chat:Jwt</c>. With no <see cref="SigningKey"/>, one is generated on first run and kept in the data directory.</summary>
public sealed class JwtOptions
{
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "chat";

    public string Audience { get; set; } = "chat";

    public int AccessTokenMinutes { get; set; } = 15;

    public int RefreshTokenDays { get; set; } = 30;
}

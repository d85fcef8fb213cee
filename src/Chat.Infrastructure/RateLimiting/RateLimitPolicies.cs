using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure.RateLimiting;

/// <summary>The policies of spec/README.md with their defaults, overridable from configuration.</summary>
public sealed class RateLimitPolicies
{
    public const string Login = "Login";
    public const string Register = "Register";
    public const string SendMessage = "SendMessage";
    public const string CreateConversation = "CreateConversation";
    public const string Socket = "Socket";
    public const string UploadAttachment = "UploadAttachment";

    private static readonly RateLimitPolicy[] Defaults =
    [
        new(Login, 10, 15 * 60),
        new(Register, 20, 60),
        new(SendMessage, 30, 10),
        new(CreateConversation, 30, 60),
        new(Socket, 60, 10),
        new(UploadAttachment, 30, 60),
    ];

    private readonly Dictionary<string, RateLimitPolicy> _policies;
    private readonly IConfigurationSection _section;

    public RateLimitPolicies(IConfiguration configuration)
    {
        _section = configuration.GetSection("Chat:RateLimits");
        _policies = new Dictionary<string, RateLimitPolicy>(StringComparer.OrdinalIgnoreCase);
        var section = configuration.GetSection("Chat:RateLimits");
        foreach (var policy in Defaults)
        {
            _policies[policy.Name] = Read(section.GetSection(policy.Name), policy);
        }

        foreach (var child in section.GetChildren().Where(c => !_policies.ContainsKey(c.Key)))
        {
            _policies[child.Key] = Read(child, new RateLimitPolicy(child.Key, 0, 60));
        }
    }

    public RateLimitPolicy this[string name] =>
        _policies.TryGetValue(name, out var policy) ? policy : throw new KeyNotFoundException($"No rate-limit policy named '{name}'.");

    /// <summary>An extra integer setting of a policy (<c>Chat:RateLimits:&lt;policy&gt;:&lt;name&gt;</c>), or null when unset.</summary>
    public int? Setting(string policy, string name) => int.TryParse(_section.GetSection(policy)[name], out var value) ? value : null;

    private static RateLimitPolicy Read(IConfigurationSection section, RateLimitPolicy fallback) => fallback with
    {
        PermitLimit = int.TryParse(section["PermitLimit"], out var limit) ? limit : fallback.PermitLimit,
        WindowSeconds = int.TryParse(section["WindowSeconds"], out var window) ? window : fallback.WindowSeconds,
    };
}

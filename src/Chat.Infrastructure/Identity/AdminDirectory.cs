using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure.Identity;

/// <summary>Admins are named by username in <c>Chat:Admins</c> (an array, or a comma-separated string).</summary>
public sealed class AdminDirectory(IConfiguration configuration)
{
    private readonly HashSet<string> _admins = Read(configuration);

    public bool IsAdmin(string username) => _admins.Contains(username);

    private static HashSet<string> Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Chat:Admins");
        var names = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is not null)
        {
            names.AddRange(section.Value.Split(','));
        }

        return names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}

using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure.Identity;

/// <summary>
/// <c>Chat:Admins</c> (an array, or a comma-separated string) and <c>Chat:Bootstrap:AdminUsername</c>: names reserved for
/// administrators. A reserved name cannot be registered (409 <c>username_taken</c>); it becomes an administrator only
/// through the start-up bootstrap or <c>dotnet Chat.Api.dll admin grant &lt;username&gt;</c>. Naming someone here
/// grants nothing by itself: the admin flag is stored with the account.
/// </summary>
public sealed class AdminDirectory(IConfiguration configuration) : IReservedUsernames
{
    private readonly HashSet<string> _reserved = Read(configuration);

    public IReadOnlyCollection<string> ReservedNames => _reserved;

    public bool IsReserved(string normalizedUsername) => _reserved.Contains(normalizedUsername);

    private static HashSet<string> Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("Chat:Admins");
        var names = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is not null)
        {
            names.AddRange(section.Value.Split(','));
        }

        names.Add(configuration["Chat:Bootstrap:AdminUsername"]);
        return names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => User.Normalize(n!.Trim())).ToHashSet(StringComparer.Ordinal);
    }
}

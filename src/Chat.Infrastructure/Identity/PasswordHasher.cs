using Chat.Application.Common.Interfaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Chat.Infrastructure.Identity;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (format v3) with the iteration count raised; weaker old hashes are reported for rehash.</summary>
internal sealed class PasswordHasher(PasswordOptions options) : Application.Common.Interfaces.IPasswordHasher
{
    // Identity's hasher takes a user it never reads; a plain object keeps hashing from creating a User (and its id).
    private static readonly object Nobody = new();

    private readonly PasswordHasher<object> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = options.Iterations,
    }));

    public string Hash(string password) => _hasher.HashPassword(Nobody, password);

    public PasswordCheck Verify(string hash, string password)
    {
        PasswordVerificationResult result;
        try
        {
            result = hash.Length == 0 ? PasswordVerificationResult.Failed : _hasher.VerifyHashedPassword(Nobody, hash, password);
        }
        catch (FormatException)
        {
            result = PasswordVerificationResult.Failed;
        }

        return result switch
        {
            PasswordVerificationResult.Success => PasswordCheck.Success,
            PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
            _ => PasswordCheck.Failed,
        };
    }
}

namespace Chat.Infrastructure.Identity;

/// <summary><c>Chat:Passwords</c>. PBKDF2-HMAC-SHA512 iterations: OWASP's current figure by default (tests lower it).</summary>
public sealed class PasswordOptions
{
    public int Iterations { get; set; } = 210_000;
}

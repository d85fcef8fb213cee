namespace Chat.Application.Common.Interfaces;

public enum PasswordCheck
{
    Failed,
    Success,
    /// <summary>Correct, but hashed with weaker settings than today's: store a new hash.</summary>
    SuccessRehashNeeded,
}

public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);
}

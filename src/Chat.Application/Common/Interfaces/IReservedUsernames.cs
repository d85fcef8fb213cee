namespace Chat.Application.Common.Interfaces;

/// <summary>Usernames nobody may register: the administrators named in the configuration that have no account yet.</summary>
public interface IReservedUsernames
{
    /// <summary>True when <paramref name="normalizedUsername"/> (lower-case) is reserved for an operator-made account.</summary>
    bool IsReserved(string normalizedUsername);
}

namespace Chat.Application.Features.Users;

/// <summary>
/// <c>Chat:Accounts:UsernameQuarantineDays</c> (default 30, 0 frees the name at once): how long a deleted account's
/// username stays taken (409 <c>username_taken</c> to registrations), so nobody takes over a name others still know.
/// </summary>
public sealed record AccountOptions(int UsernameQuarantineDays = 30);

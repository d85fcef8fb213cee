using MediatR;

namespace Chat.Application.Features.Users.DeleteAccount;

/// <summary>
/// Deletes the caller's account after checking their password (as <c>ChangePassword</c> does: a wrong one is 403
/// <c>invalid_credentials</c> and counts toward the login lockout). What goes and what stays:
/// <see cref="AccountDeletion"/>. Every login ends after the commit (tokens refused, sockets closed with 4001).
/// Refusals: 409 <c>last_admin</c> (the last enabled administrator), 429 <c>rate_limited</c> (locked out).
/// </summary>
public sealed record DeleteAccountCommand(string? Password) : IRequest<Unit>;

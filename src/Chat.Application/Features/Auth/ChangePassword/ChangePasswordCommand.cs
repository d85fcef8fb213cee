using MediatR;

namespace Chat.Application.Features.Auth.ChangePassword;

/// <summary>
/// Replaces the caller's password after checking the current one, and ends every other login of the caller (their
/// refresh tokens revoked, access tokens refused, sockets closed with 4001); the calling login stays signed in.
/// </summary>
public sealed record ChangePasswordCommand(string CurrentPassword, string NewPassword) : IRequest<Unit>;

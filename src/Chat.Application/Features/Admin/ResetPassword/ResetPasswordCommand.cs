using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Admin.ResetPassword;

/// <summary>
/// An administrator resets an account's password to a one-time temporary password (returned once, never stored or
/// logged in clear) and ends every login of the account. Audited as <c>user.password_reset</c>. 404 for an unknown user.
/// </summary>
public sealed record ResetPasswordCommand(Guid UserId, string? Reason) : IRequest<TemporaryPasswordDto>, IAdministratorRequest;

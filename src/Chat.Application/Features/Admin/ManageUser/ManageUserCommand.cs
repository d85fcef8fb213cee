using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Admin.ManageUser;

/// <summary>
/// An administrator's change to an account, audited as <c>user.{action}</c>:
/// <list type="bullet">
/// <item><c>Disable</c> — a global ban: the account cannot sign in (403 <c>account_disabled</c>) and every login ends
/// (tokens refused, sockets closed); <c>Enable</c> lifts it.</item>
/// <item><c>GrantAdmin</c> / <c>RevokeAdmin</c> — the global admin role; revoking ends the account's logins so no token
/// keeps the role, and never takes it from the last enabled administrator (409 <c>last_admin</c>; disabling an administrator
/// is refused the same way). The check is atomic when two changes race (<see cref="LastAdminGuard"/>).</item>
/// </list>
/// Refusals: 400 <c>cannot_target_self</c> (disable or revoke oneself), 404 <c>not_found</c>.
/// </summary>
public sealed record ManageUserCommand(Guid UserId, UserAdminAction Action, string? Reason) : IRequest<Unit>, IAdministratorRequest;

using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Admin.DeleteUser;

/// <summary>
/// An administrator deletes an account, exactly as its owner would (<c>AccountDeletion</c>), without its password;
/// audited as <c>user.delete</c> with the reason. Refusals: 400 <c>cannot_target_self</c> (use <c>DELETE /users/me</c>),
/// 404 <c>not_found</c> (unknown or already deleted), 409 <c>last_admin</c>.
/// </summary>
public sealed record DeleteUserCommand(Guid UserId, string? Reason) : IRequest<Unit>, IAdministratorRequest;

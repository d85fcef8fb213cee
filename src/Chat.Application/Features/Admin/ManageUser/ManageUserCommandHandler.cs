using Chat.Domain.Administration;
using MediatR;

namespace Chat.Application.Features.Admin.ManageUser;

internal sealed class ManageUserCommandHandler(UserAdministration administration, TimeProvider clock) : IRequestHandler<ManageUserCommand, Unit>
{
    public async Task<Unit> Handle(ManageUserCommand request, CancellationToken cancellationToken)
    {
        var (action, endLogins) = request.Action switch
        {
            UserAdminAction.Disable => (AuditActions.UserDisable, true),
            UserAdminAction.Enable => (AuditActions.UserEnable, false),
            UserAdminAction.GrantAdmin => (AuditActions.AdminGrant, false),
            _ => (AuditActions.AdminRevoke, true),
        };
        if (request.Action is UserAdminAction.Disable or UserAdminAction.RevokeAdmin)
        {
            administration.RefuseSelf(request.UserId, request.Action == UserAdminAction.Disable ? "disable" : "revoke the admin role of");
        }

        return await administration.ChangeAsync(
            request.UserId,
            action,
            request.Reason,
            endLogins,
            async (user, ct) =>
            {
                switch (request.Action)
                {
                    case UserAdminAction.Disable:
                        await administration.RefuseLastAdminAsync(user.Id, ct);
                        user.Disable(request.Reason, clock.GetUtcNow().UtcDateTime);
                        break;
                    case UserAdminAction.Enable:
                        user.Enable();
                        break;
                    case UserAdminAction.GrantAdmin:
                        user.GrantAdmin();
                        break;
                    default:
                        await administration.RefuseLastAdminAsync(user.Id, ct);
                        user.RevokeAdmin();
                        break;
                }

                return Unit.Value;
            },
            cancellationToken);
    }
}

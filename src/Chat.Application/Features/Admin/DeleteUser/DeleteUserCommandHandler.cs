using Chat.Application.Features.Admin.ManageUser;
using Chat.Application.Features.Users;
using Chat.Domain.Administration;
using MediatR;

namespace Chat.Application.Features.Admin.DeleteUser;

internal sealed class DeleteUserCommandHandler(UserAdministration administration, AccountDeletion deletion) : IRequestHandler<DeleteUserCommand, Unit>
{
    public async Task<Unit> Handle(DeleteUserCommand request, CancellationToken cancellationToken)
    {
        administration.RefuseSelf(request.UserId, "delete");
        return await administration.ChangeAsync(
            request.UserId,
            AuditActions.UserDelete,
            request.Reason,
            endLogins: true,
            async (user, ct) =>
            {
                await deletion.EraseAsync(user, ct);
                return Unit.Value;
            },
            cancellationToken);
    }
}

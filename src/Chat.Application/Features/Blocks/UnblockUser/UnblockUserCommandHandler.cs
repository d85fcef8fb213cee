using Chat.Application.Common.Interfaces;
using Chat.Domain.Friends;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Blocks.UnblockUser;

internal sealed class UnblockUserCommandHandler(IChatDbContext db, ICurrentUser currentUser)
    : IRequestHandler<UnblockUserCommand, Unit>
{
    public async Task<Unit> Handle(UnblockUserCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        await db.Set<Block>()
            .Where(b => b.BlockerId == me && b.BlockedId == request.UserId)
            .ExecuteDeleteAsync(cancellationToken);
        return Unit.Value;
    }
}

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Common.Persistence;
using Chat.Application.Features.Friends;
using Chat.Domain.Friends;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Blocks.BlockUser;

internal sealed class BlockUserCommandHandler(IChatDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IRequestHandler<BlockUserCommand, Unit>
{
    public Task<Unit> Handle(BlockUserCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var other = request.UserId;

        // A concurrent second block of the same user loses on the unique key; the retry then finds it and is a no-op.
        return ConcurrencyRetry.RunAsync(db, async ct =>
        {
            if (!await db.UserExistsAsync(other, ct))
            {
                throw new NotFoundException($"User {other} does not exist.");
            }

            if (await db.Set<Block>().AnyAsync(b => b.BlockerId == me && b.BlockedId == other, ct))
            {
                return Unit.Value;
            }

            var between = await db.FriendshipBetweenAsync(me, other, ct);
            db.Set<Block>().Add(Block.Place(me, other, between, clock.GetUtcNow().UtcDateTime));
            if (between is not null)
            {
                db.Set<Friendship>().Remove(between);
            }

            await db.SaveChangesAsync(ct);
            return Unit.Value;
        }, cancellationToken);
    }
}

using Chat.Domain.Common;

namespace Chat.Domain.Friends;

/// <summary>
/// <see cref="BlockerId"/> blocked <see cref="BlockedId"/>: no friend requests, direct conversations, direct messages,
/// presence or typing between them, in either direction, until the blocker lifts it. At most one per direction.
/// </summary>
public sealed class Block : Entity
{
    private Block()
    {
    }

    public Guid BlockerId { get; private set; }

    public Guid BlockedId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>
    /// Blocks a user. Whatever stood between the two — a friendship or a pending request, either way — ends
    /// (<paramref name="between"/> is then to be deleted).
    /// </summary>
    public static Block Place(Guid blockerId, Guid blockedId, Friendship? between, DateTime now)
    {
        if (blockerId == blockedId)
        {
            throw new DomainException("cannot_block_self", "You cannot block yourself.", DomainErrorKind.BadRequest);
        }

        if (between is not null)
        {
            if (!between.Involves(blockerId) || between.OtherThan(blockerId) != blockedId)
            {
                throw new ArgumentException("The friendship is not between these two users.", nameof(between));
            }

            between.EndBecauseBlocked(blockerId);
        }

        return new Block { BlockerId = blockerId, BlockedId = blockedId, CreatedAt = now };
    }

    /// <summary>True when this block stands between the two users, whichever of them placed it.</summary>
    public bool IsBetween(Guid userA, Guid userB) =>
        (BlockerId == userA && BlockedId == userB) || (BlockerId == userB && BlockedId == userA);
}

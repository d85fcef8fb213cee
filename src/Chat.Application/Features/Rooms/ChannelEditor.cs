using Chat.Application.Common.Interfaces;
using Chat.Domain.Rooms;

namespace Chat.Application.Features.Rooms;

/// <summary>Changes a channel through its room (admin+), for PATCH /rooms/{id}/channels/{channelId} and PATCH /conversations/{id} alike.</summary>
internal sealed class ChannelEditor(IChatDbContext db, ICurrentUser currentUser, RoomStore store, TimeProvider clock)
{
    public async Task UpdateAsync(Guid roomId, Guid channelId, string? name, string? topic, int? position, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var room = await store.LoadAsync(roomId, me, null, cancellationToken);
        RoomPermissions.Authorize(room.AccessOf(me), RoomAction.ManageChannels);
        var channel = await store.LoadChannelAsync(roomId, channelId, cancellationToken);
        room.UpdateChannel(me, channel, name, topic, position, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }
}

using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Rooms.Events;
using Chat.Domain.Rooms.Events;

namespace Chat.Application.Features.Rooms.Events;

/// <summary>Tells the room's members about channels made, changed and removed.</summary>
internal sealed class ChannelChangesHandler(RoomReader rooms, ConversationReader conversations, IRealtimeNotifier notifier)
    : IDomainEventHandler<ChannelCreated>, IDomainEventHandler<ChannelUpdated>, IDomainEventHandler<ChannelDeleted>
{
    public async Task HandleAsync(ChannelCreated domainEvent, CancellationToken cancellationToken)
    {
        if (await ReadAsync(domainEvent.ChannelId, cancellationToken) is { } channel)
        {
            await NotifyMembersAsync(domainEvent.RoomId, new ChannelCreatedEvent(domainEvent.RoomId, channel), cancellationToken);
        }
    }

    public async Task HandleAsync(ChannelUpdated domainEvent, CancellationToken cancellationToken)
    {
        if (await ReadAsync(domainEvent.ChannelId, cancellationToken) is { } channel)
        {
            await NotifyMembersAsync(domainEvent.RoomId, new ChannelUpdatedEvent(domainEvent.RoomId, channel), cancellationToken);
        }
    }

    public Task HandleAsync(ChannelDeleted domainEvent, CancellationToken cancellationToken) =>
        NotifyMembersAsync(domainEvent.RoomId, new ChannelDeletedEvent(domainEvent.RoomId, domainEvent.ChannelId), cancellationToken);

    /// <summary>The channel as no one in particular sees it (deleted meanwhile: null).</summary>
    private async Task<ConversationDto?> ReadAsync(Guid channelId, CancellationToken cancellationToken) =>
        (await conversations.ReadAsync([channelId], Guid.Empty, cancellationToken)).SingleOrDefault();

    private async Task NotifyMembersAsync(Guid roomId, object realtimeEvent, CancellationToken cancellationToken) =>
        await notifier.NotifyUsersAsync(await rooms.MemberIdsAsync(roomId, cancellationToken), realtimeEvent, cancellationToken: cancellationToken);
}

using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;

namespace Chat.Application.Features.Realtime.MessageRate;

/// <summary>Counts each stored message once (over REST or the socket) for the operators' messages per second.</summary>
internal sealed class MessageRateHandler(IRealtimeStatistics statistics) : IDomainEventHandler<MessageSent>
{
    public Task HandleAsync(MessageSent domainEvent, CancellationToken cancellationToken)
    {
        statistics.MessageStored();
        return Task.CompletedTask;
    }
}

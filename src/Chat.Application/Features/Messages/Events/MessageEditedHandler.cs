using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Features.Messages.Events;

/// <summary>Pushes <c>message_edited</c> to the participants, each group of viewers with its own view of the message.</summary>
internal sealed class MessageEditedHandler(IConversationFanOut fanOut) : IDomainEventHandler<MessageEdited>
{
    public Task HandleAsync(MessageEdited domainEvent, CancellationToken cancellationToken) =>
        fanOut.PublishAsync(
            new ConversationPush(domainEvent.ConversationId, domainEvent.Version, null, async (recipients, services, ct) =>
                (await services.GetRequiredService<MessageReader>().ReadViewsAsync(domainEvent.MessageId, recipients.UserIds, ct))
                    .Select(view => new PushView(view.ViewerIds.ToArray(), new MessageEditedEvent(view.Message)))
                    .ToList(),
                domainEvent.MembershipVersion),
            cancellationToken);
}

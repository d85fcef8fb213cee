using Chat.Application.Common.Events;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Features.Messages.Events;

/// <summary>
/// Pushes <c>new_message</c> to the participants' sockets, all but the one the message came from. In a direct
/// conversation the push carries a delivery receipt: reaching a device of the recipient moves their delivered marker.
/// The message comes from the writer's memory (<see cref="SendMessage.WrittenMessages"/>; read once, off the sender's
/// path, only when another scope wrote it), and is serialized once per view: one view for a group or channel; in a
/// direct conversation the sender's other devices get a second one with the message's <c>status</c> ("sent"). Sends
/// are stored by the writer, whose scope has no caller: the batch recorded which socket each message came from.
/// </summary>
internal sealed class MessageSentHandler(IConversationFanOut fanOut, ICurrentUser currentUser, SendMessage.WrittenMessages written) : IDomainEventHandler<MessageSent>
{
    public Task HandleAsync(MessageSent domainEvent, CancellationToken cancellationToken) =>
        fanOut.PublishAsync(
            new ConversationPush(domainEvent.ConversationId, domainEvent.Version, written.SocketSessionOf(domainEvent.MessageId, currentUser.SocketSessionId), (recipients, services, ct) => ViewsAsync(domainEvent, written.Written(domainEvent.MessageId), recipients, services, ct), domainEvent.MembershipVersion),
            cancellationToken);

    private static async ValueTask<IReadOnlyList<PushView>> ViewsAsync(
        MessageSent sent, MessageDto? written, ConversationRecipients recipients, IServiceProvider services, CancellationToken cancellationToken)
    {
        var message = written ?? await services.GetRequiredService<MessageReader>().ReadNewAsync(sent.MessageId, cancellationToken);
        if (message is null)
        {
            return []; // deleted (with its conversation) right after the commit
        }

        if (!recipients.IsDirect)
        {
            return [new PushView(recipients.UserIds, new NewMessageEvent(message))];
        }

        var receipt = new DeliveryReceipt(sent.ConversationId, sent.Seq, sent.SenderId);
        var others = recipients.UserIds.Where(id => id != sent.SenderId).ToArray();
        var views = new List<PushView>(2) { new(others, new NewMessageEvent(message) { Receipt = receipt }) };
        if (others.Length != recipients.UserIds.Count)
        {
            views.Add(new PushView([sent.SenderId], new NewMessageEvent(message with { Status = MessageStatus.Sent }) { Receipt = receipt }));
        }

        return views;
    }
}

using Chat.Application.Common.Interfaces;

namespace Chat.Application.Features.Messages.Events;

/// <summary>
/// The fan-out without a real-time module: resolves the recipients and hands each view to <see cref="IRealtimeNotifier"/>
/// on the caller's path. The Infrastructure's fan-out queue replaces it in the server.
/// </summary>
internal sealed class InlineConversationFanOut(IConversationRecipients recipients, IRealtimeNotifier notifier, IServiceProvider services) : IConversationFanOut
{
    public async Task PublishAsync(ConversationPush push, CancellationToken cancellationToken)
    {
        var to = await recipients.OfAsync(push.ConversationId, push.MembershipVersion, cancellationToken);
        if (to.UserIds.Count == 0)
        {
            return;
        }

        foreach (var view in await push.Views(to, services, cancellationToken))
        {
            await notifier.NotifyUsersAsync(view.UserIds, view.Event, push.ExceptSocketSessionId, cancellationToken);
        }
    }
}

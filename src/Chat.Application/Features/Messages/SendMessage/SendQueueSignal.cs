namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// Tells whoever started a send that it has joined the writer's queue, before it is committed: its place in its
/// conversation's order is fixed from then on (the writer assigns <c>seq</c> in queue order). A socket reads its next
/// frame then, so one socket's sends are committed together and in the order they were sent (docs/api/realtime.md,
/// "Rules"). Scoped: one per request; a send refused or answered before it is queued never signals.
/// </summary>
public sealed class SendQueueSignal
{
    private TaskCompletionSource? _listener;

    /// <summary>Completes <paramref name="listener"/> when this scope's send is queued.</summary>
    public void Listen(TaskCompletionSource listener) => _listener = listener;

    internal void Queued() => _listener?.TrySetResult();
}

using Chat.Domain.Attachments;

namespace Chat.Application.Features.Messages.SendMessage;

/// <summary>
/// A send that passed validation, the access check and the attachment check, waiting for <see cref="MessageWriter"/>.
/// <see cref="Completion"/> ends once the send's transaction has committed (or the send alone was refused).
/// </summary>
/// <param name="Attachments">The sender's unsent uploads it names, untracked, in upload order (for the answer and the search index).</param>
/// <param name="SocketSessionId">The socket the send came from (its <c>new_message</c> skips that socket); null over REST.</param>
internal sealed record QueuedSend(
    SendMessageCommand Command, Guid SenderId, IReadOnlyList<Guid> Mentions, IReadOnlyList<Attachment> Attachments, Guid? SocketSessionId)
{
    public Guid ConversationId => Command.ConversationId;

    public TaskCompletionSource<SendOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

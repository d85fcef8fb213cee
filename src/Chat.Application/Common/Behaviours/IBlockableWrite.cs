namespace Chat.Application.Common.Behaviours;

/// <summary>
/// A write into a conversation that a block stops in a direct conversation (issue 10 §4): editing, reacting, typing,
/// read and delivery markers (sending and replying check the block in their handler, after the idempotent-retry lookup). When either participant of the direct conversation has blocked
/// the other, <see cref="ConversationAccessBehaviour{TRequest,TResponse}"/> refuses it with 403 <c>blocked</c>.
/// Deleting one's own message and taking back one's own reaction are not blockable writes. Groups and channels are
/// not affected (there the blocker only stops hearing the blocked user's mentions and typing).
/// </summary>
public interface IBlockableWrite;

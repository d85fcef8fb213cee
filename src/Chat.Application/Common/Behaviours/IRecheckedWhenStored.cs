namespace Chat.Application.Common.Behaviours;

/// <summary>
/// A conversation write whose store checks the caller's membership again inside the committing transaction, under the
/// conversation's lock (a send: <c>MessageBatchStore</c> refuses a sender who is no longer a participant or member,
/// 403 <c>not_a_participant</c>, and a conversation deleted meanwhile, 404). For such a write,
/// <see cref="ConversationAccessBehaviour{TRequest,TResponse}"/> lets the caller through without a query when this
/// node's recipient cache already lists them (<see cref="Interfaces.IConversationRecipients.IsKnownRecipient"/>): an
/// entry made stale by a change on another node then only moves the refusal to the store, with the same answer. Reads
/// never use it: nothing checks them again.
/// </summary>
public interface IRecheckedWhenStored;

namespace Chat.Domain.Conversations;

/// <summary>What a conversation is: two people, a group with an owner, or a channel of a room.</summary>
public enum ConversationKind
{
    Direct,
    Group,
    Channel,
}

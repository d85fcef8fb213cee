namespace Chat.Domain.Conversations;

/// <summary>Conversation limits (spec/README.md "Limits"), shared by the entity, the validators and the database configuration.</summary>
public static class ConversationLimits
{
    public const int TitleMaxLength = 100;
    public const int TopicMaxLength = 1000;

    /// <summary>Members of a group conversation, the owner included.</summary>
    public const int MaxGroupMembers = 256;

    /// <summary>Two UUIDs in "N" form joined by a colon.</summary>
    public const int DirectKeyLength = 65;

    /// <summary>Stored enum names (kind, role).</summary>
    public const int EnumMaxLength = 16;
}

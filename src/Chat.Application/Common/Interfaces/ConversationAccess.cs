namespace Chat.Application.Common.Interfaces;

/// <summary>Whether a user may see a conversation or a message, as one indexed query.</summary>
public enum ConversationAccess
{
    /// <summary>The conversation (or message) does not exist: 404.</summary>
    Missing,

    /// <summary>It exists and the user may not read it: 403 <c>not_a_participant</c>.</summary>
    Denied,

    Granted,
}

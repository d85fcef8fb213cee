namespace Chat.Domain.Messages;

/// <summary>Message limits (spec/README.md "Limits"), shared by the entity, the validators and the database configuration.</summary>
public static class MessageLimits
{
    /// <summary>Characters (Unicode code points) of content after trimming.</summary>
    public const int ContentMaxLength = 4000;

    public const int ClientMessageIdMaxLength = 100;

    /// <summary>
    /// Column size of a reaction in UTF-16 units: the longest emoji of <see cref="EmojiCatalog"/> is 15 (10 code points);
    /// reactions stored before emoji were checked were at most 32.
    /// </summary>
    public const int EmojiMaxLength = 32;

    /// <summary>Distinct emoji on one message.</summary>
    public const int MaxDistinctReactions = 20;

    /// <summary>Distinct <c>@username</c> mentions resolved per message; the rest stay plain text.</summary>
    public const int MaxMentions = 50;
}

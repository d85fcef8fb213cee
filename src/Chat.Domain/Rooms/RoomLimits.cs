namespace Chat.Domain.Rooms;

/// <summary>Room and channel limits (spec/README.md "Limits"), shared by the entities, the validators and the database configuration.</summary>
public static class RoomLimits
{
    public const int NameMaxLength = 100;

    /// <summary>The highest channel position a client may set; automatic positions stop there too, so they never overflow.</summary>
    public const int MaxChannelPosition = 1_000_000;
    public const int DescriptionMaxLength = 1000;
    public const int IconUrlMaxLength = 2048;
    public const int BanReasonMaxLength = 500;
    public const int ChannelNameMaxLength = 100;
    public const int ChannelTopicMaxLength = 1000;

    /// <summary>The text channel every new room starts with.</summary>
    public const string DefaultChannelName = "general";

    /// <summary>Stored enum names (role, channel type).</summary>
    public const int EnumMaxLength = 16;

    /// <summary>Length of a generated invite code (url-safe letters and digits).</summary>
    public const int InviteCodeLength = 10;

    /// <summary>Column size of invite codes (room for longer codes later).</summary>
    public const int InviteCodeMaxLength = 32;

    public const int InviteMaxUsesLimit = 10_000;

    /// <summary>An invite lives at most 30 days (or forever, when it has no expiry).</summary>
    public const int InviteMaxLifetimeSeconds = 30 * 24 * 60 * 60;
}

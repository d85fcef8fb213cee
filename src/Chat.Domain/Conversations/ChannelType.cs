namespace Chat.Domain.Conversations;

/// <summary>What a room's channel carries: text messages, or nothing here (voice channels exist so clients can show them).</summary>
public enum ChannelType
{
    Text,
    Voice,
}

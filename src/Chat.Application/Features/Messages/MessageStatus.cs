namespace Chat.Application.Features.Messages;

/// <summary>How far one's own message in a direct conversation got: stored, on a device of the other user, read by them.</summary>
public enum MessageStatus
{
    Sent,
    Delivered,
    Read,
}

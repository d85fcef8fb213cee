namespace Chat.Application.Features.Rooms;

/// <summary>What an invite leads to, shown before accepting it.</summary>
public sealed record InvitePreviewDto(RoomDto Room, DateTime? ExpiresAt);

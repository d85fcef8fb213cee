namespace Chat.Application.Features.Rooms;

/// <summary>rest.md "Invite". <see cref="Url"/> is <c>{Chat:PublicUrl}/invites/{code}</c>, or site-relative <c>/invites/{code}</c> without a public URL.</summary>
public sealed record InviteDto
{
    public string Code { get; init; } = string.Empty;

    public Guid RoomId { get; init; }

    public Guid CreatedBy { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public int? MaxUses { get; init; }

    public int Uses { get; init; }

    public string Url { get; init; } = string.Empty;

    public static string UrlOf(string code) => "/invites/" + code;
}

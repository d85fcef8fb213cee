namespace Chat.Application.Features.Users;

/// <summary>
/// A background export as its owner sees it (rest.md "Exporting one's data"). <see cref="Status"/> is <c>pending</c>,
/// <c>running</c>, <c>ready</c>, <c>failed</c> or <c>expired</c>; times are UTC; <see cref="Size"/> is in bytes;
/// <see cref="DownloadUrl"/> is set while ready (fetching it needs the owner's bearer token).
/// </summary>
public sealed record AccountExportDto
{
    public Guid Id { get; init; }

    public string Status { get; init; } = string.Empty;

    public DateTime CreatedAt { get; init; }

    public DateTime? CompletedAt { get; init; }

    public DateTime? ExpiresAt { get; init; }

    public long? Size { get; init; }

    public string? DownloadUrl { get; init; }
}

using MediatR;

namespace Chat.Application.Features.Users.ExportAccount;

/// <summary>
/// Writes the caller's data as a ZIP archive to <paramref name="Destination"/> (rest.md "Exporting one's data"):
/// <c>profile.json</c>, <c>friends.json</c> (friends and pending requests), <c>blocks.json</c>, <c>rooms.json</c>,
/// <c>conversations.json</c> (the caller's conversations with their participants and read markers),
/// <c>messages.json</c> (every message the caller sent, with previous contents and attachments' metadata, read and
/// written a page at a time, never all in memory) and <c>attachments/{id}/{fileName}</c> (the bytes of those attachments).
/// </summary>
public sealed record ExportAccountCommand(Stream Destination) : IRequest<ExportSummary>;

/// <summary>How much went into the archive.</summary>
public sealed record ExportSummary(int Messages, int Attachments);

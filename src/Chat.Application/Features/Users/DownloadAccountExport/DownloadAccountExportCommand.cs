using MediatR;

namespace Chat.Application.Features.Users.DownloadAccountExport;

/// <summary>
/// Opens the archive of one of the caller's background exports. 404 <c>not_found</c>: unknown or anyone else's;
/// 409 <c>export_not_ready</c>: pending or running; 409 <c>export_failed</c>; 410 <c>export_expired</c>: past
/// <c>expiresAt</c> (the archive is deleted then, if the clean-up has not done it yet). A command, not a query: an
/// expired archive's download deletes it.
/// </summary>
public sealed record DownloadAccountExportCommand(Guid Id) : IRequest<AccountExportDownload>;

/// <summary>The archive (the caller disposes it), its download name <c>chat-export-{username}-{yyyyMMdd}.zip</c> and size in bytes.</summary>
public sealed record AccountExportDownload(Stream Content, string FileName, long Size);

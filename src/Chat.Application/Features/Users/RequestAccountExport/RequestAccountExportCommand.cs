using MediatR;

namespace Chat.Application.Features.Users.RequestAccountExport;

/// <summary>
/// Decides how the caller's export is produced (rest.md "Exporting one's data"): directly, when the caller has sent at
/// most <c>Chat:Exports:DirectMaxMessages</c> messages and did not ask for the background (<paramref name="Background"/>);
/// otherwise as a background export, which is queued, or, when one of the caller's is already pending or running, that one
/// (one at a time per user).
/// </summary>
public sealed record RequestAccountExportCommand(bool Background) : IRequest<AccountExportRequest>;

/// <summary>Null <see cref="Job"/>: answer the archive directly. Otherwise the background export, and whether this request queued it.</summary>
public sealed record AccountExportRequest(AccountExportDto? Job, bool Queued);

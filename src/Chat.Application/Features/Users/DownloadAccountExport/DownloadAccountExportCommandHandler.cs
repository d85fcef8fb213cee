using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Features.Users.DownloadAccountExport;

internal sealed class DownloadAccountExportCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, IExportFileStore files, TimeProvider clock, ILogger<DownloadAccountExportCommandHandler> logger)
    : IRequestHandler<DownloadAccountExportCommand, AccountExportDownload>
{
    public async Task<AccountExportDownload> Handle(DownloadAccountExportCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        var export = await db.Set<AccountExport>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.Id && e.UserId == me, cancellationToken)
            ?? throw new NotFoundException("No such export.");
        var now = clock.GetUtcNow().UtcDateTime;
        switch (export.StatusAt(now))
        {
            case AccountExportStatus.Expired:
                await ExpireAsync(export.Id, cancellationToken);
                logger.LogInformation("Export {ExportId} of user {UserId}: download refused, the link expired", export.Id, me);
                throw Expired();
            case AccountExportStatus.Failed:
                throw new ConflictException("This export failed; ask for a new one.", "export_failed");
            case AccountExportStatus.Pending or AccountExportStatus.Running:
                throw new ConflictException("This export is not ready yet; poll it until its status is ready.", "export_not_ready");
        }

        var username = await db.Set<User>().Where(u => u.Id == me).Select(u => u.Username).FirstAsync(cancellationToken);
        var content = files.OpenRead(export.Id);
        if (content is null)
        {
            // The archive went missing (removed by hand, a lost disk): for the owner it is as good as expired.
            await ExpireAsync(export.Id, cancellationToken);
            logger.LogWarning("Export {ExportId} of user {UserId} is ready but its archive is missing; marked expired", export.Id, me);
            throw Expired();
        }

        logger.LogInformation("Export {ExportId} downloaded by its owner {UserId}", export.Id, me);
        return new AccountExportDownload(content, $"chat-export-{username}-{export.CompletedAt:yyyyMMdd}.zip", content.Length);
    }

    private static GoneException Expired() => new("The download link of this export has expired; ask for a new export.", "export_expired");

    private async Task ExpireAsync(Guid id, CancellationToken cancellationToken)
    {
        files.Delete(id);
        await db.Set<AccountExport>().Where(e => e.Id == id && e.Status == AccountExportStatus.Ready)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, AccountExportStatus.Expired), cancellationToken);
    }
}

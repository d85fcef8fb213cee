using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Messages;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Features.Users.RequestAccountExport;

internal sealed class RequestAccountExportCommandHandler(
    IChatDbContext db, ICurrentUser currentUser, AccountExportOptions options, AccountExportJobs jobs, IAccountExportQueue queue, TimeProvider clock,
    ILogger<RequestAccountExportCommandHandler> logger)
    : IRequestHandler<RequestAccountExportCommand, AccountExportRequest>
{
    public async Task<AccountExportRequest> Handle(RequestAccountExportCommand request, CancellationToken cancellationToken)
    {
        var me = currentUser.UserId;
        if (!await db.Set<User>().AnyAsync(u => u.Id == me && u.DeletedAt == null, cancellationToken))
        {
            throw new UnauthorizedException("Sign in first.");
        }

        // Counting stops one past the threshold, walking the (SenderId, CreatedAt) index: cheap for any account size.
        if (!request.Background
            && await db.Set<Message>().Where(m => m.SenderId == me).OrderBy(m => m.CreatedAt).Take(options.DirectMaxMessages + 1).CountAsync(cancellationToken) <= options.DirectMaxMessages)
        {
            return new AccountExportRequest(null, Queued: false);
        }

        var inProgress = await db.Set<AccountExport>().AsNoTracking()
            .Where(e => e.UserId == me && (e.Status == AccountExportStatus.Pending || e.Status == AccountExportStatus.Running))
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (inProgress is not null)
        {
            return new AccountExportRequest(jobs.View(inProgress), Queued: false);
        }

        var export = AccountExport.Request(me, clock.GetUtcNow().UtcDateTime);
        db.Set<AccountExport>().Add(export);
        await db.SaveChangesAsync(cancellationToken);
        queue.Notify();
        logger.LogInformation("Export {ExportId} queued for user {UserId}", export.Id, me);
        return new AccountExportRequest(jobs.View(export), Queued: true);
    }
}

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users.GetAccountExport;

internal sealed class GetAccountExportQueryHandler(IChatDbContext db, ICurrentUser currentUser, AccountExportJobs jobs)
    : IRequestHandler<GetAccountExportQuery, AccountExportDto>
{
    public async Task<AccountExportDto> Handle(GetAccountExportQuery request, CancellationToken cancellationToken)
    {
        var export = await db.Set<AccountExport>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == request.Id && e.UserId == currentUser.UserId, cancellationToken)
            ?? throw new NotFoundException("No such export.");
        return jobs.View(export);
    }
}

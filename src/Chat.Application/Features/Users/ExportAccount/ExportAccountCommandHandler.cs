using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users.ExportAccount;

internal sealed class ExportAccountCommandHandler(IChatDbContext db, ICurrentUser currentUser, AccountArchiveWriter writer)
    : IRequestHandler<ExportAccountCommand, ExportSummary>
{
    public async Task<ExportSummary> Handle(ExportAccountCommand request, CancellationToken cancellationToken)
    {
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == currentUser.UserId && u.DeletedAt == null, cancellationToken)
            ?? throw new UnauthorizedException("Sign in first.");
        return await writer.WriteAsync(user, request.Destination, cancellationToken);
    }
}

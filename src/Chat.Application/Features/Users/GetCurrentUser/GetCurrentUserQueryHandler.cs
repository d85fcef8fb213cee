using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users.GetCurrentUser;

internal sealed class GetCurrentUserQueryHandler(IChatDbContext db, ICurrentUser currentUser, UserProfileReader profiles)
    : IRequestHandler<GetCurrentUserQuery, UserProfileDto>
{
    public async Task<UserProfileDto> Handle(GetCurrentUserQuery request, CancellationToken cancellationToken)
    {
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == currentUser.UserId, cancellationToken)
            ?? throw new UnauthorizedException("The account no longer exists.");
        return await profiles.ReadAsync(user, currentUser.UserId, cancellationToken);
    }
}

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users.GetUser;

internal sealed class GetUserQueryHandler(IChatDbContext db, ICurrentUser currentUser, UserProfileReader profiles)
    : IRequestHandler<GetUserQuery, UserProfileDto>
{
    public async Task<UserProfileDto> Handle(GetUserQuery request, CancellationToken cancellationToken)
    {
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.UserId, cancellationToken)
            ?? throw new NotFoundException($"User {request.UserId} does not exist.");
        return await profiles.ReadAsync(user, currentUser.UserId, cancellationToken);
    }
}

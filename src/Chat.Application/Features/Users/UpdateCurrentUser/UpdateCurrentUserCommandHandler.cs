using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Users;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Chat.Application.Features.Users.UpdateCurrentUser;

internal sealed class UpdateCurrentUserCommandHandler(IChatDbContext db, ICurrentUser currentUser, UserProfileReader profiles)
    : IRequestHandler<UpdateCurrentUserCommand, UserProfileDto>
{
    public async Task<UserProfileDto> Handle(UpdateCurrentUserCommand request, CancellationToken cancellationToken)
    {
        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == currentUser.UserId && u.DeletedAt == null, cancellationToken)
            ?? throw new UnauthorizedException("The account no longer exists.");
        user.UpdateProfile(request.DisplayName, request.AvatarUrl, request.Bio);
        await db.SaveChangesAsync(cancellationToken);
        return await profiles.ReadAsync(user, currentUser.UserId, cancellationToken);
    }
}

using MediatR;

namespace Chat.Application.Features.Users.GetUser;

public sealed record GetUserQuery(Guid UserId) : IRequest<UserProfileDto>;

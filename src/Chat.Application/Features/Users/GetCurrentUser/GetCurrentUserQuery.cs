using MediatR;

namespace Chat.Application.Features.Users.GetCurrentUser;

public sealed record GetCurrentUserQuery : IRequest<UserProfileDto>;

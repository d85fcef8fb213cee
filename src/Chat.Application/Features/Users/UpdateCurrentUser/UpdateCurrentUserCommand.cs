using MediatR;

namespace Chat.Application.Features.Users.UpdateCurrentUser;

/// <summary>Changes the caller's profile; a null field is left as it is, an empty avatar or bio clears it.</summary>
public sealed record UpdateCurrentUserCommand(string? DisplayName, string? AvatarUrl, string? Bio) : IRequest<UserProfileDto>;

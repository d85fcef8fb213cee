using Chat.Application.Features.Users;

namespace Chat.Application.Features.Auth;

/// <summary>What register, login and refresh answer.</summary>
public sealed record TokenPairDto(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn, UserProfileDto User);

namespace Chat.Application.Features.Admin.ResetPassword;

/// <summary><c>{ temporaryPassword }</c>: 20 random letters and digits (about 119 bits); hand it to the user, who should change it.</summary>
public sealed record TemporaryPasswordDto(string TemporaryPassword);

using System.Security.Cryptography;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Admin.ManageUser;
using Chat.Domain.Administration;
using MediatR;

namespace Chat.Application.Features.Admin.ResetPassword;

internal sealed class ResetPasswordCommandHandler(UserAdministration administration, IPasswordHasher hasher) : IRequestHandler<ResetPasswordCommand, TemporaryPasswordDto>
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public Task<TemporaryPasswordDto> Handle(ResetPasswordCommand request, CancellationToken cancellationToken)
    {
        var password = RandomNumberGenerator.GetString(Alphabet, 20);
        return administration.ChangeAsync(
            request.UserId,
            AuditActions.PasswordReset,
            request.Reason,
            endLogins: true,
            (user, _) =>
            {
                user.ChangePasswordHash(hasher.Hash(password));
                return Task.FromResult(new TemporaryPasswordDto(password));
            },
            cancellationToken);
    }
}

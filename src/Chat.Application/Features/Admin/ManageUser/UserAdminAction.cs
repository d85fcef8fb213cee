namespace Chat.Application.Features.Admin.ManageUser;

/// <summary>What <see cref="ManageUserCommand"/> does to the account.</summary>
public enum UserAdminAction
{
    Disable,
    Enable,
    GrantAdmin,
    RevokeAdmin,
}

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Admin.ManageUser;
using Chat.Application.Features.Admin.ResetPassword;
using Chat.Application.Tests.Support;
using Chat.Domain.Administration;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Admin;

/// <summary>Administrators' changes to accounts: stored with their audit record, logins ended where the change needs it.</summary>
[Covers(typeof(ManageUserCommandHandler), typeof(ResetPasswordCommandHandler))]
public sealed class AccountAdministrationHandlerTests : HandlerTest
{
    private readonly ISessionTerminator _sessions = Substitute.For<ISessionTerminator>();
    private User _admin = null!;
    private User _alice = null!;

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton(_sessions);
        services.AddSingleton(Substitute.For<IPasswordHasher>());
    }

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("the_admin", "alice");
        (_admin, _alice) = (users[0], users[1]);
    }

    private Task<T> AsAdmin<T>(MediatR.IRequest<T> request) => Host.As(_admin.Id, isAdmin: true).SendAsync(request);

    [Fact]
    public async Task Disabling_stores_when_and_why_ends_every_login_and_is_audited_and_enabling_undoes_it()
    {
        await AsAdmin(new ManageUserCommand(_alice.Id, UserAdminAction.Disable, " spam "));

        var stored = (await Host.RowsAsync<User>()).Single(u => u.Id == _alice.Id);
        (stored.DisabledAt, stored.DisabledReason).Should().Be((Host.Now, "spam"));
        await _sessions.Received(1).EndAllSessionsAsync(_alice.Id, null, Arg.Any<CancellationToken>());

        await AsAdmin(new ManageUserCommand(_alice.Id, UserAdminAction.Enable, null));

        (await Host.RowsAsync<User>()).Single(u => u.Id == _alice.Id).DisabledAt.Should().BeNull();
        (await Host.RowsAsync<AuditRecord>()).Select(a => a.Action).Should().BeEquivalentTo([AuditActions.UserDisable, AuditActions.UserEnable]);
        await _sessions.Received(1).EndAllSessionsAsync(Arg.Any<Guid>(), Arg.Any<Guid?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_last_enabled_administrator_keeps_the_role_and_nobody_demotes_or_disables_themselves()
    {
        await Given.SaveAsync(async db =>
        {
            (await db.FindAsync<User>(_alice.Id))!.GrantAdmin();
            return true;
        });

        // The caller's token still says admin but the account no longer is one: alice is the last administrator.
        await Refused<ConflictException>(() => AsAdmin(new ManageUserCommand(_alice.Id, UserAdminAction.RevokeAdmin, null)), "last_admin");
        await Refused<BadRequestException>(() => Host.As(_alice.Id, isAdmin: true).SendAsync(new ManageUserCommand(_alice.Id, UserAdminAction.Disable, null)), "cannot_target_self");
        await Refused<BadRequestException>(() => Host.As(_alice.Id, isAdmin: true).SendAsync(new ManageUserCommand(_alice.Id, UserAdminAction.RevokeAdmin, null)), "cannot_target_self");

        await AsAdmin(new ManageUserCommand(_admin.Id, UserAdminAction.GrantAdmin, null));
        await AsAdmin(new ManageUserCommand(_alice.Id, UserAdminAction.RevokeAdmin, null));

        (await Host.RowsAsync<User>()).Where(u => u.IsAdmin).Select(u => u.Id).Should().Equal(_admin.Id);
        await _sessions.Received(1).EndAllSessionsAsync(_alice.Id, null, Arg.Any<CancellationToken>());
        (await Host.RowsAsync<AuditRecord>()).Select(a => a.Action).Should().BeEquivalentTo([AuditActions.AdminGrant, AuditActions.AdminRevoke]);
        await Refused<NotFoundException>(() => AsAdmin(new ManageUserCommand(Guid.NewGuid(), UserAdminAction.Enable, null)), "not_found");
        await Refused<ForbiddenException>(() => Host.As(_alice.Id).SendAsync(new ManageUserCommand(_admin.Id, UserAdminAction.Disable, null)), "forbidden");
    }

    [Fact]
    public async Task A_password_reset_stores_the_hash_of_a_random_password_and_ends_every_login()
    {
        var hasher = Host.Service<IPasswordHasher>();
        hasher.Hash(Arg.Any<string>()).Returns(call => "hashed:" + call.Arg<string>());

        var first = await AsAdmin(new ResetPasswordCommand(_alice.Id, "asked by phone"));
        var second = await AsAdmin(new ResetPasswordCommand(_alice.Id, null));

        first.TemporaryPassword.Should().HaveLength(20).And.NotBe(second.TemporaryPassword);
        (await Host.RowsAsync<User>()).Single(u => u.Id == _alice.Id).PasswordHash.Should().Be("hashed:" + second.TemporaryPassword);
        await _sessions.Received(2).EndAllSessionsAsync(_alice.Id, null, Arg.Any<CancellationToken>());
        var records = await Host.RowsAsync<AuditRecord>();
        records.Should().HaveCount(2).And.OnlyContain(a => a.Action == AuditActions.PasswordReset && a.TargetId == _alice.Id.ToString());
        records.Should().NotContain(a => a.Reason != null && a.Reason.Contains(first.TemporaryPassword));
    }
}

using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Admin;

/// <summary>
/// The last two administrators act against each other at the same moment (revoke, disable, delete): whatever the
/// interleaving, one of them stays an enabled administrator (the guard locks the admin rows, LastAdminGuard).
/// </summary>
public sealed class LastAdminRaceTests
{
    [Fact]
    public Task Two_administrators_revoking_disabling_or_deleting_each_other_at_once_leave_one_on_sqlite() =>
        RaceAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public Task Two_administrators_revoking_disabling_or_deleting_each_other_at_once_leave_one_on_Postgres() =>
        RaceAsync(DatabaseProvider.Postgres);

    private static async Task RaceAsync(DatabaseProvider provider)
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider, AdminApiTests.AdminSettings());
        var first = await AdminApiTests.LoginAdminAsync(factory);
        var second = await factory.RegisterUserAsync("second");
        Func<TestUser, Guid, Task<HttpResponseMessage>> revoke = (admin, target) => admin.Client.DeleteAsync($"/api/v1/admin/users/{target}/admin");
        Func<TestUser, Guid, Task<HttpResponseMessage>> disable = (admin, target) => admin.Client.PostAsJsonAsync($"/api/v1/admin/users/{target}/disable", new { reason = "race" });
        Func<TestUser, Guid, Task<HttpResponseMessage>> delete = (admin, target) => admin.Client.DeleteAsync($"/api/v1/admin/users/{target}");

        // Deleting comes last: a deleted account does not come back for another round.
        var rounds = new[] { (revoke, revoke), (disable, disable), (revoke, disable), (disable, revoke), (revoke, revoke), (disable, disable), (delete, revoke), (delete, delete) };
        for (var round = 0; round < rounds.Length; round++)
        {
            var (actA, actB) = rounds[round];
            await ResetAsync(factory, first.Id, second.Id);
            var a = await LoginAsync(factory, first.Username);
            var b = await LoginAsync(factory, second.Username);

            var answers = await Task.WhenAll(actA(a, b.Id), actB(b, a.Id));

            var statuses = answers.Select(r => r.StatusCode).ToList();
            statuses.Count(s => s == HttpStatusCode.NoContent).Should().Be(1, $"round {round}: exactly one change wins ({string.Join(", ", statuses)})");
            foreach (var refused in answers.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            {
                await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "last_admin");
            }

            // The loser is refused as the last admin, or its login was already ended by the winner's change.
            statuses.Should().OnlyContain(s => s == HttpStatusCode.NoContent || s == HttpStatusCode.Conflict || s == HttpStatusCode.Unauthorized);
            await using var db = factory.Database.CreateContext();
            (await db.Set<User>().CountAsync(u => u.IsAdmin && u.DisabledAt == null && u.DeletedAt == null))
                .Should().Be(1, $"round {round}: one enabled administrator remains");
            if (round == rounds.Length - 2)
            {
                // The delete round removed someone: race the survivor against a new administrator.
                var survivor = await db.Set<User>().AnyAsync(u => u.Id == first.Id && u.DeletedAt == null) ? first : second;
                (await db.Set<User>().AnyAsync(u => (u.Id == first.Id || u.Id == second.Id) && u.DeletedAt != null)).Should().Be(statuses[0] == HttpStatusCode.NoContent);
                (first, second) = (survivor, await factory.RegisterUserAsync("third"));
            }
        }
    }

    /// <summary>These two accounts, and only they, enabled administrators (straight in the table, as the operator's command would).</summary>
    private static async Task ResetAsync(ChatApiFactory factory, params Guid[] ids)
    {
        await using var db = factory.Database.CreateContext();
        await db.Set<User>().Where(u => !ids.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, false));
        await db.Set<User>().Where(u => ids.Contains(u.Id) && u.DeletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, true).SetProperty(u => u.DisabledAt, (DateTime?)null).SetProperty(u => u.DisabledReason, (string?)null));
    }

    private static async Task<TestUser> LoginAsync(ChatApiFactory factory, string username)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username, password = ApiTestExtensions.Password });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.ReadJsonAsync();
        var token = body.GetProperty("accessToken").GetString()!;
        return new TestUser(body.GetProperty("user").GetProperty("id").GetGuid(), username, token, body.GetProperty("refreshToken").GetString()!, TestUser.Authorize(factory.CreateClient(), token));
    }
}

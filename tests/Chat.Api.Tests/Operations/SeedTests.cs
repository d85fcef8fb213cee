using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Infrastructure.Hosting;
using static Chat.Api.ChatCommands;

namespace Chat.Api.Tests.Operations;

/// <summary>The <c>seed</c> verb: fixed, documented ids, and it never adopts an account someone registered.</summary>
public sealed class SeedTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Seeding_makes_the_documented_users_conversations_and_room_under_their_fixed_ids_once()
    {
        await SeedAsync(_factory.Services);
        await SeedAsync(_factory.Services);

        var alice = await LoginAsync("alice");
        var me = await (await alice.GetAsync("/api/v1/users/me")).ReadJsonAsync();
        me.GetProperty("id").GetGuid().Should().Be(DemoIds.Alice);
        (await (await alice.GetAsync($"/api/v1/users/{DemoIds.Bob}")).ReadJsonAsync()).GetProperty("username").GetString().Should().Be("bob");
        (await (await alice.GetAsync($"/api/v1/users/{DemoIds.Carol}")).ReadJsonAsync()).GetProperty("username").GetString().Should().Be("carol");

        var direct = await (await alice.GetAsync($"/api/v1/conversations/{DemoIds.AliceBob}/messages")).ReadJsonAsync();
        direct.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("sender").GetProperty("username").GetString())
            .Should().Equal("alice", "bob", "alice");
        var group = await (await alice.GetAsync($"/api/v1/conversations/{DemoIds.BookClub}")).ReadJsonAsync();
        group.GetProperty("title").GetString().Should().Be(DemoGroupTitle);
        group.GetProperty("participants").GetArrayLength().Should().Be(3);

        var lobby = await (await alice.GetAsync($"/api/v1/rooms/{DemoIds.Lobby}")).ReadJsonAsync();
        lobby.GetProperty("name").GetString().Should().Be(DemoRoomName);
        var channels = await (await alice.GetAsync($"/api/v1/rooms/{DemoIds.Lobby}/channels")).ReadJsonAsync();
        channels.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid())
            .Should().Equal(DemoIds.LobbyGeneral, DemoIds.LobbyRandom, DemoIds.LobbyVoice);

        var conversations = await (await alice.GetAsync("/api/v1/conversations?kind=direct")).ReadJsonAsync();
        conversations.GetProperty("items").GetArrayLength().Should().Be(1, "running it twice made nothing twice");
    }

    [Fact]
    public async Task Seeding_refuses_a_demo_username_someone_registered_and_leaves_that_account_alone()
    {
        var registered = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/register", new { username = "Bob", password = "someone-elses-42" });
        registered.StatusCode.Should().Be(HttpStatusCode.Created);
        var bobId = (await registered.ReadJsonAsync()).GetProperty("user").GetProperty("id").GetGuid();

        var seeding = async () => await SeedAsync(_factory.Services);

        var failure = (await seeding.Should().ThrowAsync<StartupFailure>()).Which;
        failure.Code.Should().Be(ExitCode.SeedConflict);
        failure.Message.Should().Contain("'bob'").And.NotContain("someone-elses");
        var login = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username = "bob", password = DemoPassword });
        login.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the seed did not take over bob's account");
        var alice = await LoginAsync("alice");
        (await (await alice.GetAsync("/api/v1/friends")).ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Should().NotContain(f => f.GetProperty("user").GetProperty("id").GetGuid() == bobId);
    }

    private async Task<HttpClient> LoginAsync(string username)
    {
        var login = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username, password = DemoPassword });
        login.StatusCode.Should().Be(HttpStatusCode.OK);
        return TestUser.Authorize(_factory.CreateClient(), (await login.ReadJsonAsync()).GetProperty("accessToken").GetString()!);
    }
}

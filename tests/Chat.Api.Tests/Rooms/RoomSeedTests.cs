using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Rooms;

/// <summary>The <c>seed</c> command's demo room.</summary>
public sealed class RoomSeedTests : IAsyncLifetime
{
    private ChatApiFactory _factory = null!;

    public async Task InitializeAsync() => _factory = await ChatApiFactory.CreateAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Seeding_adds_a_public_lobby_with_channels_and_messages_once()
    {
        await ChatCommands.SeedAsync(_factory.Services);
        await ChatCommands.SeedAsync(_factory.Services);

        var bob = await LoginAsync("bob");
        var rooms = (await (await bob.GetAsync("/api/v1/rooms")).ReadJsonAsync()).Items().ToList();
        var lobby = rooms.Should().ContainSingle().Subject;
        lobby.GetProperty("name").GetString().Should().Be(ChatCommands.DemoRoomName);
        lobby.GetProperty("isPublic").GetBoolean().Should().BeTrue();
        lobby.GetProperty("memberCount").GetInt32().Should().Be(3);
        lobby.GetProperty("myRole").GetString().Should().Be("member");
        var roomId = lobby.GetProperty("id").GetGuid();

        var channels = (await (await bob.GetAsync($"/api/v1/rooms/{roomId}/channels")).ReadJsonAsync()).Items().ToList();
        channels.Select(c => (c.GetProperty("title").GetString(), c.GetProperty("channelType").GetString()))
            .Should().Equal(("general", "text"), ("random", "text"), ("Voice", "voice"));
        var general = await (await bob.GetAsync($"/api/v1/conversations/{channels[0].GetProperty("id").GetGuid()}/messages")).ReadJsonAsync();
        general.Items().Select(m => m.GetProperty("sender").GetProperty("username").GetString()).Should().Equal("alice", "bob");
        var discovered = await (await bob.GetAsync("/api/v1/rooms/discover?search=lobby")).ReadJsonAsync();
        discovered.Items().Should().ContainSingle();
    }

    private async Task<HttpClient> LoginAsync(string username)
    {
        var login = await _factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { username, password = ChatCommands.DemoPassword });
        var token = (await login.ReadJsonAsync()).GetProperty("accessToken").GetString()!;
        return TestUser.Authorize(_factory.CreateClient(), token);
    }
}

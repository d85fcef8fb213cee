using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;
using Chat.Domain.Conversations;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Security;

/// <summary>Issue 10 §3: channel positions never overflow; a channel at the top position does not block later creations.</summary>
public sealed class ChannelPositionTests
{
    [Fact]
    public async Task Positions_are_bounded_and_a_stored_maximum_does_not_break_later_channels() => await BoundedAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public async Task Positions_are_bounded_and_a_stored_maximum_does_not_break_later_channels_on_postgres() => await BoundedAsync(DatabaseProvider.Postgres);

    [SqlServerFact]
    [Trait("Category", TestEnvironment.SqlServerLiveTrait)]
    public async Task Positions_are_bounded_and_a_stored_maximum_does_not_break_later_channels_on_sql_server() => await BoundedAsync(DatabaseProvider.SqlServer);

    private static async Task BoundedAsync(DatabaseProvider provider)
    {
        await using var factory = await RoomsApiFactory.CreateRoomsAsync(provider);
        var owner = await factory.RegisterUserAsync("pos");
        var roomId = await owner.CreateRoomIdAsync("Positions");

        var tooHigh = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/channels", new { name = "top", type = "text", position = int.MaxValue });
        await tooHigh.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        // A channel stored at int.MaxValue by an older version: the next automatic position must not overflow.
        var legacy = await owner.CreateChannelAsync(roomId, "legacy");
        await using (var db = factory.Database.CreateContext())
        {
            await db.Set<Conversation>().Where(c => c.Id == legacy).ExecuteUpdateAsync(s => s.SetProperty(c => c.Position, int.MaxValue));
        }

        var next = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/channels", new { name = "after", type = "text" });
        var again = await owner.Client.PostAsJsonAsync($"/api/v1/rooms/{roomId}/channels", new { name = "after2", type = "text" });

        next.StatusCode.Should().Be(HttpStatusCode.Created, await next.Content.ReadAsStringAsync());
        again.StatusCode.Should().Be(HttpStatusCode.Created, await again.Content.ReadAsStringAsync());
        (await next.ReadJsonAsync()).GetProperty("position").GetInt32().Should().Be(1_000_000);
    }
}

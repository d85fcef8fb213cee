using System.Net;
using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Rooms;

/// <summary>
/// Invite expiry, on a host of its own: moving the clock forward makes access tokens issued afterwards "not yet valid"
/// to the bearer handler (which reads the real clock), so every user is registered before the clock moves.
/// </summary>
public sealed class RoomInviteExpiryTests : IAsyncLifetime
{
    private RoomsApiFactory Factory { get; set; } = null!;

    public async Task InitializeAsync() => Factory = await RoomsApiFactory.CreateRoomsAsync();

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    [Fact]
    public async Task An_invite_is_404_once_it_has_expired()
    {
        var owner = await Factory.RegisterUserAsync("expiry");
        var early = await Factory.RegisterUserAsync("early");
        var late = await Factory.RegisterUserAsync("late");
        var roomId = await owner.CreateRoomIdAsync(isPublic: false);
        var code = await owner.CreateInviteAsync(roomId, expiresInSeconds: 60);

        Factory.Clock.Advance(TimeSpan.FromSeconds(59));
        (await early.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        Factory.Clock.Advance(TimeSpan.FromSeconds(1));

        await (await late.Client.GetAsync($"/api/v1/invites/{code}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await late.Client.PostAsync($"/api/v1/invites/{code}/accept", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

namespace Chat.Api.Tests.Rooms;

/// <summary>One API host shared by a test class; each test makes its own users and rooms.</summary>
public sealed class RoomsApiFixture : IAsyncLifetime
{
    public RoomsApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync() => Factory = await RoomsApiFactory.CreateRoomsAsync();

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

using Chat.Api.Tests.Infrastructure;

namespace Chat.Api.Tests.Conversations;

/// <summary>One API over one SQLite database for a whole test class; every test registers its own users.</summary>
public sealed class ConversationApiFixture : IAsyncLifetime
{
    public ConversationApiFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync() => Factory = await ConversationApiFactory.CreateAsync();

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

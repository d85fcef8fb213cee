using Chat.Infrastructure.Persistence;

namespace Chat.Api.Tests.Infrastructure;

/// <summary>
/// One API per test class on one provider, made on first use (so a class whose PostgreSQL tests are all skipped never
/// needs a server) and disposed with the class.
/// </summary>
public abstract class LazyApiFixture(DatabaseProvider provider, Func<Dictionary<string, string?>> settings) : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConversationApiFactory? _factory;

    public async Task<ConversationApiFactory> FactoryAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _factory ??= await ConversationApiFactory.CreateAsync(provider, settings());
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _gate.Dispose();
    }
}

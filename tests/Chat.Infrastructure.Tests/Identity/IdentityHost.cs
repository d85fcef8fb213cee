using Chat.Application.Common.Interfaces;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Chat.Infrastructure.Tests.Identity;

/// <summary>
/// The real identity services, built the way the app builds them (<c>AddInfrastructure(configuration)</c>),
/// over a temporary data directory and a <see cref="ManualClock"/>.
/// </summary>
internal sealed class IdentityHost : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"));

    public IdentityHost(ManualClock clock, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Chat:DataDirectory"] = _dataDirectory })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddInfrastructure(configuration);
        _services = services.BuildServiceProvider();
    }

    public ITokenService Tokens => _services.GetRequiredService<ITokenService>();

    public IServiceProvider Services => _services;

    public SymmetricSecurityKey SigningKey => _services.GetRequiredService<Chat.Infrastructure.Identity.JwtSigningKey>().Key;

    /// <summary>The bearer scheme's validation parameters (they judge lifetimes by the real clock).</summary>
    public TokenValidationParameters ValidationParameters() =>
        _services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;

    public void Dispose()
    {
        _services.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}

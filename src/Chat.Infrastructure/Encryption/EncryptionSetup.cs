using Chat.Application.Common.Interfaces;
using Chat.Domain.Attachments;
using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chat.Infrastructure.Encryption;

/// <summary>The wiring of encryption at rest (docs/encryption.md): options, keys, the port and the sealing interceptor.</summary>
public static class EncryptionSetup
{
    /// <summary>Registers <see cref="IContentProtection"/>: <see cref="ContentProtection"/> when enabled, else <see cref="PlainContent"/>.</summary>
    public static void AddEncryption(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new EncryptionOptions());
        services.AddSingleton(sp => MasterKeySource.Load(sp.GetRequiredService<EncryptionOptions>(), ChatPaths.DataDirectory(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton(sp => new KeyStore(sp.GetRequiredService<MasterKeyRing>(), ContextsOf(sp.GetRequiredService<DatabaseConnection>()), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ContentProtection>();
        services.AddSingleton<IContentProtection>(sp => sp.GetRequiredService<EncryptionOptions>().Enabled
            ? sp.GetRequiredService<ContentProtection>()
            : new PlainContent());
        services.AddSingleton<AttachmentProtection>();
        services.AddSingleton<IAttachmentProtection>(sp => sp.GetRequiredService<EncryptionOptions>().Enabled
            ? sp.GetRequiredService<AttachmentProtection>()
            : new PlainAttachments());
        services.AddSingleton<SealingInterceptor>();
        services.AddSingleton(sp => new ExistingRowSealer(
            sp.GetRequiredService<IContentProtection>(), ContextsOf(sp.GetRequiredService<DatabaseConnection>()), sp.GetRequiredService<ILogger<ExistingRowSealer>>()));
        services.AddSingleton<ISealingProgress>(sp => new SealingProgressOfBoth(sp.GetRequiredService<ExistingRowSealer>(), sp.GetRequiredService<ExistingAttachmentSealer>()));
        services.AddSingleton(sp => new ExistingAttachmentSealer(
            sp.GetRequiredService<AttachmentProtection>(), sp.GetRequiredService<IContentProtection>(), sp.GetRequiredService<IFileStore>(),
            ContextsOf(sp.GetRequiredService<DatabaseConnection>()), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ExistingAttachmentSealer>>()));
        services.AddHostedService<ExistingRowSealingService>();
    }

    /// <summary>Adds the sealing interceptor to a context's options when encryption is on.</summary>
    public static void Configure(DbContextOptionsBuilder options, IServiceProvider services)
    {
        if (services.GetRequiredService<EncryptionOptions>().Enabled)
        {
            options.AddInterceptors(services.GetRequiredService<SealingInterceptor>());
        }
    }

    /// <summary>
    /// The start-up check, after migrations: with encryption on, the master key is loaded (bad key material stops the
    /// start, exit code 15); with it off, a database holding data keys or sealed attachments refuses to start (exit code 10):
    /// those rows would be served as unreadable.
    /// </summary>
    public static async Task VerifyAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<EncryptionOptions>();
        if (options.SealBatchSize < 1 || options.SealPauseMilliseconds < 0)
        {
            throw new StartupFailure(ExitCode.Configuration, $"{EncryptionOptions.Section}: SealBatchSize must be 1 or more, SealPauseMilliseconds 0 or more");
        }

        if (options.Enabled)
        {
            services.GetRequiredService<MasterKeyRing>();
            return;
        }

        await using var db = ContextsOf(services.GetRequiredService<DatabaseConnection>())();
        if (await db.Set<ConversationKey>().AnyAsync(cancellationToken)
            || await db.Set<Attachment>().AnyAsync(a => EF.Property<byte[]?>(a, SealedAttachmentColumns.FileKey) != null, cancellationToken))
        {
            throw new StartupFailure(
                ExitCode.Configuration,
                $"{EncryptionOptions.Section}:Enabled is off but the database holds encrypted messages; turn it back on (docs/encryption.md \"Switching off\")");
        }
    }

    /// <summary>
    /// The <c>rotate-key</c> verb (<see cref="MasterKeyRotation"/>): re-wraps every data key under a new master key;
    /// answers how many key rows were re-wrapped. Refused (exit code 10) while encryption is off.
    /// </summary>
    public static async Task<int> RotateKeyAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<EncryptionOptions>();
        if (!options.Enabled)
        {
            throw new StartupFailure(ExitCode.Configuration, $"rotate-key: {EncryptionOptions.Section}:Enabled is off; there is no master key to rotate");
        }

        return await MasterKeyRotation.RunAsync(
            options,
            ChatPaths.DataDirectory(services.GetRequiredService<IConfiguration>()),
            ContextsOf(services.GetRequiredService<DatabaseConnection>()),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Chat.Encryption"),
            cancellationToken);
    }

    /// <summary>Contexts of their own (no interceptors of the request scope), for key rows and background jobs.</summary>
    internal static Func<ChatDbContext> ContextsOf(DatabaseConnection database)
    {
        var builder = new DbContextOptionsBuilder<ChatDbContext>();
        DatabaseSetup.Configure(builder, database.Provider, database.ConnectionString, database.SqliteSynchronous);
        var options = builder.Options;
        return () => new ChatDbContext(options);
    }
}

/// <summary>
/// <see cref="IContentProtection"/> with encryption off: nothing is sealed, and nothing sealed can be opened (the
/// start-up check refuses a database holding data keys, so no sealed value reaches it).
/// </summary>
public sealed class PlainContent : IContentProtection
{
    public bool Enabled => false;

    public Task PrepareAsync(IEnumerable<Guid> conversationIds, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<byte[]> SealAsync(ProtectedContent kind, Guid conversationId, Guid rowId, string text, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Encryption at rest is off: nothing is sealed.");

    public Task<string?> OpenAsync(ProtectedContent kind, Guid conversationId, Guid rowId, byte[] sealedValue, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    public Task<string> IndexTermsAsync(IEnumerable<string> foldedWords, CancellationToken cancellationToken) =>
        Task.FromResult(string.Join(' ', foldedWords));

    public Task<(string Token, bool NeedsCheck)?> QueryTokenAsync(string foldedWord, bool asPrefix, CancellationToken cancellationToken) =>
        Task.FromResult<(string Token, bool NeedsCheck)?>((foldedWord, false));
}

/// <summary>The switch-on job's progress for <c>/admin/stats</c>: messages (null until counted), then attachments.</summary>
internal sealed class SealingProgressOfBoth(ExistingRowSealer messages, ExistingAttachmentSealer attachments) : ISealingProgress
{
    public SealingProgress? Progress => messages.Progress is { } progress
        ? progress with { AttachmentsSealed = attachments.Progress.Sealed, AttachmentsRemaining = attachments.Progress.Remaining }
        : null;
}

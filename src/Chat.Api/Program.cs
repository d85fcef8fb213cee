using Chat.Api;
using Chat.Api.Infrastructure;
using Chat.Application;
using Chat.Infrastructure;
using Chat.Infrastructure.Hosting;
using Chat.Infrastructure.Identity;

try
{
    // The single-file chat finds its appsettings.json and wwwroot beside itself, from any working directory.
    // An empty Assembly.Location is exactly how a single-file bundle shows itself (what IL3000 warns about), so it is the test here.
#pragma warning disable IL3000
    var singleFile = string.IsNullOrEmpty(typeof(Program).Assembly.Location);
#pragma warning restore IL3000
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = singleFile ? AppContext.BaseDirectory : null });
    builder.AddChatLogging();
    builder.Services.AddApplication(builder.Configuration["Chat:AutoMapper:LicenseKey"]);
    builder.Services.AddInfrastructure(builder.Configuration);
    builder.Services.AddApi(builder.Configuration);

    var app = builder.Build();
    if (await ChatCommands.TryRunAsync(app, args))
    {
        return (int)ExitCode.Ok;
    }

    await ChatCommands.MigrateAsync(app.Services);
    await ChatCommands.BootstrapAdminAsync(app.Services);
    await Chat.Infrastructure.Encryption.EncryptionSetup.VerifyAsync(app.Services); // the master key, or refuse "off" over sealed rows
    app.Services.GetRequiredService<JwtSigningKey>(); // fail fast on a bad key; warns when one was generated
    app.Services.GetRequiredService<ChatOrigins>(); // fail fast on a malformed Chat:PublicUrl
    app.UseApi();
    app.LogWhereThingsAre();
    try
    {
        await app.RunAsync();
    }
    catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
    {
        throw new StartupFailure(ExitCode.AddressInUse, $"{ex.Message.TrimEnd('.')}; pick another with --urls", ex);
    }

    return (int)ExitCode.Ok;
}
catch (StartupFailure failure)
{
    // One line an operator can act on, no stack trace (README "Exit codes").
    await Console.Error.WriteLineAsync($"chat: {failure.Message} (exit code {(int)failure.Code})");
    return (int)failure.Code;
}
catch (Exception unexpected) when (unexpected is not OperationCanceledException)
{
    // A bug, not a setting: exit code 1 with the exception (README "Exit codes"), rather than an abort.
    await Console.Error.WriteLineAsync($"chat: unexpected failure (exit code {(int)ExitCode.Unexpected}): {unexpected}");
    return (int)ExitCode.Unexpected;
}

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;

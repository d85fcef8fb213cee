using Chat.Api;
using Chat.Api.Infrastructure;
using Chat.Application;
using Chat.Infrastructure;
using Chat.Infrastructure.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatLogging();
builder.Services.AddApplication(builder.Configuration["Chat:AutoMapper:LicenseKey"]);
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.AddApi(builder.Configuration);

var app = builder.Build();
if (await ChatCommands.TryRunAsync(app, args))
{
    return;
}

await ChatCommands.MigrateAsync(app.Services);
app.Services.GetRequiredService<JwtSigningKey>(); // fail fast on a bad key; warns when one was generated
app.UseApi();
await app.RunAsync();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;

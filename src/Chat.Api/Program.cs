using Chat.Api;
using Chat.Api.Infrastructure;
using Chat.Application;
using Chat.Infrastructure;

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
app.UseApi();
await app.RunAsync();

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;

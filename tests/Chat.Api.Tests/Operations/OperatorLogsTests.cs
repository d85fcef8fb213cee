using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Chat.Api.Infrastructure;
using Chat.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Serilog.Events;
using Serilog.Parsing;

namespace Chat.Api.Tests.Operations;

/// <summary>Logs for operators: JSON lines in a file that only its owner and group may read, each request line with the user id and the real client address.</summary>
public sealed class OperatorLogsTests
{
    [Fact]
    public async Task Request_lines_in_a_json_log_file_carry_the_user_id_and_the_real_client_address_and_the_file_is_not_world_readable()
    {
        var folder = Directory.CreateTempSubdirectory("chat-logs-").FullName;
        var path = Path.Combine(folder, "chat.log");
        try
        {
            await using (var factory = await ChatApiFactory.CreateAsync(new Dictionary<string, string?>
            {
                ["Chat:Logging:MinimumLevel"] = "Information",
                ["Chat:ReverseProxy:KnownProxies"] = "10.0.0.2",
                ["Serilog:WriteTo:9:Name"] = "File",
                ["Serilog:WriteTo:9:Args:path"] = path,
                ["Serilog:WriteTo:9:Args:formatter"] = "Serilog.Formatting.Json.JsonFormatter, Serilog",
                ["Serilog:WriteTo:9:Args:hooks"] = "Chat.Api.Infrastructure.PrivateLogFiles::Instance, Chat.Api",
            }))
            {
                var user = await factory.RegisterUserAsync("logged");
                user.Client.DefaultRequestHeaders.Add(ClientAddressStartupFilter.Header, "10.0.0.2");
                user.Client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.23");
                (await user.Client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);

                var line = await WaitForLineAsync(path, l => l.Contains("/api/v1/users/me", StringComparison.Ordinal));
                var properties = JsonDocument.Parse(line).RootElement.GetProperty("Properties");
                properties.GetProperty("ClientAddress").GetString().Should().Be("198.51.100.23");
                properties.GetProperty("UserId").GetString().Should().Be(user.Id.ToString());
                line.Should().NotContain(user.AccessToken);
            }

            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(path);
                (mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)).Should().Be(UnixFileMode.None);
                mode.Should().Be(PrivateLogFiles.Mode);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_enricher_adds_the_address_and_user_but_keeps_properties_already_set_and_does_nothing_outside_a_request()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:192.0.2.7");
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "u-1")], "test"));
        var accessor = new HttpContextAccessor { HttpContext = context };
        var logEvent = NewEvent();
        logEvent.AddOrUpdateProperty(new LogEventProperty("UserId", new ScalarValue("set-before")));

        new ClientAddressLogEnricher(accessor).Enrich(logEvent, new PropertyFactory());

        logEvent.Properties["ClientAddress"].ToString().Should().Be("\"192.0.2.7\"");
        logEvent.Properties["UserId"].ToString().Should().Be("\"set-before\"");

        var outside = NewEvent();
        new ClientAddressLogEnricher(new HttpContextAccessor()).Enrich(outside, new PropertyFactory());
        outside.Properties.Should().BeEmpty();
    }

    private static LogEvent NewEvent() =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"), []);

    private static async Task<string> WaitForLineAsync(string path, Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (File.Exists(path))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                var lines = (await reader.ReadToEndAsync()).Split('\n');
                if (lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching line in {path} within 15 s.");
            }

            await Task.Delay(100);
        }
    }

    private sealed class PropertyFactory : Serilog.Core.ILogEventPropertyFactory
    {
        public LogEventProperty CreateProperty(string name, object? value, bool destructureObjects = false) => new(name, new ScalarValue(value));
    }
}

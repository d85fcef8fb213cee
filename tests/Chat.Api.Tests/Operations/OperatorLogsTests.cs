using System.Net;
using System.Security.Claims;
using Chat.Api.Infrastructure;
using Microsoft.AspNetCore.Http;
using Serilog.Events;
using Serilog.Parsing;

namespace Chat.Api.Tests.Operations;

/// <summary>Logs for operators: every event of a request carries the user id and the real client address; log files are readable by owner and group only.</summary>
public sealed class OperatorLogsTests
{
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

        // HttpContextAccessor keeps the request in one async-local slot: outside a request it is null.
        accessor.HttpContext = null;
        var outside = NewEvent();
        new ClientAddressLogEnricher(accessor).Enrich(outside, new PropertyFactory());
        outside.Properties.Should().BeEmpty();
    }

    [Fact]
    public void The_file_hooks_make_a_log_file_readable_by_owner_and_group_only()
    {
        var path = Path.GetTempFileName();
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
                using var stream = File.OpenWrite(path);

                PrivateLogFiles.Instance.OnFileOpened(path, stream, System.Text.Encoding.UTF8).Should().BeSameAs(stream);

                File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LogEvent NewEvent() =>
        new(DateTimeOffset.UtcNow, LogEventLevel.Information, null, new MessageTemplateParser().Parse("x"), []);

    private sealed class PropertyFactory : Serilog.Core.ILogEventPropertyFactory
    {
        public LogEventProperty CreateProperty(string name, object? value, bool destructureObjects = false) => new(name, new ScalarValue(value));
    }
}

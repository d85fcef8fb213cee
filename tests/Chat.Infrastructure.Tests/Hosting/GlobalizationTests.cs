using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.SqlClient;

namespace Chat.Infrastructure.Tests.Hosting;

/// <summary>
/// The process runs with ICU (InvariantGlobalization off; Debian's libicu is a run-time prerequisite). In invariant mode
/// Microsoft.Data.SqlClient refuses to run at all and string normalization silently does nothing.
/// </summary>
public sealed class GlobalizationTests
{
    [Fact]
    public async Task A_sql_server_connection_to_a_closed_port_fails_with_a_network_error_not_a_globalization_one()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        await using var connection = new SqlConnection($"Server=127.0.0.1,{port};User Id=sa;Password=unused;Connect Timeout=5;TrustServerCertificate=True;Pooling=false");
        var failure = await FluentActions.Awaiting(() => connection.OpenAsync()).Should().ThrowAsync<SqlException>();

        failure.Which.Message.Should().NotContain("Globalization");
        failure.Which.Message.Should().Contain("network", "the error is about reaching the server");
    }

    [Fact]
    public void Strings_normalize_to_NFC()
    {
        "E\u0301mile".Normalize(NormalizationForm.FormC).Should().Be("\u00C9mile");
        "\u00C9mile".Normalize(NormalizationForm.FormD).Should().Be("E\u0301mile");
    }
}

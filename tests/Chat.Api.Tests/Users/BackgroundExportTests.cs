using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Attachments;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;
using Chat.Domain.Users;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Users;

/// <summary>
/// Background exports (rest.md "Exporting one's data"): past <c>Chat:Exports:DirectMaxMessages</c> (or on request)
/// <c>GET /users/me/export</c> answers 202 with an export to poll; the worker writes the same archive as the direct
/// export under <c>{data}/exports</c> (mode 0600); only the owner polls and downloads it, until the link's lifetime is over
/// (then 410 and the archive is gone); exports whose worker died are taken up again; account deletion removes them.
/// The clock is a manual one the test moves.
/// </summary>
public sealed class BackgroundExportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_background_export_is_polled_to_ready_downloaded_by_its_owner_alone_with_the_direct_exports_entries_and_expires() =>
        await ScenarioAsync(DatabaseProvider.Sqlite);

    [PostgresFact]
    public async Task A_background_export_on_Postgres_is_polled_to_ready_downloaded_by_its_owner_alone_and_expires() =>
        await ScenarioAsync(DatabaseProvider.Postgres);

    [Fact]
    public async Task Past_the_threshold_the_export_goes_to_the_background_by_itself_and_a_bad_mode_is_refused()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = await CreateAsync(DatabaseProvider.Sqlite, clock, new Dictionary<string, string?> { ["Chat:Exports:DirectMaxMessages"] = "2" });
        var users = await factory.FriendsAsync(2, "limit");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        await ConversationApi.SendAsync(users[0], direct, "one");
        await ConversationApi.SendAsync(users[0], direct, "two");
        await ConversationApi.SendAsync(users[1], direct, "theirs do not count");

        (await users[0].Client.GetAsync("/api/v1/users/me/export")).StatusCode.Should().Be(HttpStatusCode.OK, "two own messages are at the threshold");
        await ConversationApi.SendAsync(users[0], direct, "three");
        var first = await users[0].Client.GetAsync("/api/v1/users/me/export");
        var second = await users[0].Client.GetAsync("/api/v1/users/me/export");

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await first.ReadJsonAsync();
        first.Headers.Location!.ToString().Should().Be($"/api/v1/users/me/exports/{job.Id()}");
        // Whether it is the same export depends on whether the worker finished the first meanwhile (the handler tests pin that rule down).
        second.StatusCode.Should().Be(HttpStatusCode.Accepted);

        await (await users[0].Client.GetAsync("/api/v1/users/me/export?mode=later")).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        (await WaitForAsync(users[0], job.Id(), "ready")).GetProperty("size").GetInt64().Should().BePositive();
    }

    [Fact]
    public async Task An_export_left_running_by_a_crashed_worker_is_taken_up_again_and_one_out_of_attempts_fails()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = await CreateAsync(DatabaseProvider.Sqlite, clock, new Dictionary<string, string?> { ["Chat:Exports:MaxAttempts"] = "2" });
        var me = await factory.RegisterUserAsync("crash");
        // The crashed attempt's partial archive is still on disk (written first: the worker may take the row up at once).
        var resumed = Guid.CreateVersion7();
        await File.WriteAllBytesAsync(Path.Combine(factory.DataDirectory, "exports", $"{resumed:N}.export"), [1, 2, 3]);
        await LeftRunningAsync(factory, resumed, me.Id, attempts: 1, clock);
        var exhausted = await LeftRunningAsync(factory, Guid.CreateVersion7(), me.Id, attempts: 2, clock);

        var failed = await WaitForAsync(me, exhausted, "failed");
        var ready = await WaitForAsync(me, resumed, "ready");

        failed.GetProperty("completedAt").GetDateTime().Should().BeCloseTo(clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(1));
        var download = await me.Client.GetAsync(ready.GetProperty("downloadUrl").GetString());
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).Should().Contain("profile.json", "the partial archive was replaced by a whole one");
        await (await me.Client.GetAsync($"/api/v1/users/me/exports/{exhausted}/download")).ShouldBeProblemAsync(HttpStatusCode.Conflict, "export_failed");
    }

    [Fact]
    public async Task The_clean_up_deletes_an_expired_archive_nobody_downloaded()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = await CreateAsync(DatabaseProvider.Sqlite, clock);
        var me = await factory.RegisterUserAsync("cleanup");
        using var preferAsync = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me/export");
        preferAsync.Headers.Add("Prefer", "respond-async, wait=10");
        var accepted = await me.Client.SendAsync(preferAsync);
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, "Prefer: respond-async asks for the background form");
        accepted.Headers.GetValues("Preference-Applied").Should().Equal("respond-async");
        var job = await accepted.ReadJsonAsync();
        await WaitForAsync(me, job.Id(), "ready");
        Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "exports"), "*.export").Should().ContainSingle();

        clock.Advance(TimeSpan.FromHours(24));

        var deadline = DateTime.UtcNow + Patience;
        while (Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "exports"), "*.export").Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "exports"), "*.export").Should().BeEmpty("the worker's clean-up runs every poll interval");

        // The clean-up deletes the file, then marks the row: the row may lag the file by a moment.
        var status = await StatusAsync();
        while (status != AccountExportStatus.Expired && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = await StatusAsync();
        }

        status.Should().Be(AccountExportStatus.Expired);

        async Task<AccountExportStatus> StatusAsync()
        {
            await using var db = factory.Database.CreateContext();
            return (await db.Set<AccountExport>().AsNoTracking().SingleAsync()).Status;
        }
    }

    private static async Task ScenarioAsync(DatabaseProvider provider)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var factory = await CreateAsync(provider, clock, AttachmentApi.Settings());
        var users = await factory.FriendsAsync(2, "bgexport");
        var (me, other) = (users[0], users[1]);
        var direct = (await me.StartDirectAsync(other)).Id();
        var mine = await ConversationApi.SendAsync(me, direct, "first draft");
        (await me.Client.PatchAsJsonAsync($"/api/v1/messages/{mine.Id()}", new { content = "final words" })).EnsureSuccessStatusCode();
        await ConversationApi.SendAsync(other, direct, "not mine");
        var attachment = (await me.UploadAsync(Encoding.UTF8.GetBytes("attached bytes"), "notes.txt")).Id();
        (await me.SendWithAttachmentsAsync(direct, "see file", attachment)).EnsureSuccessStatusCode();

        var accepted = await me.Client.GetAsync("/api/v1/users/me/export?mode=background");

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await accepted.ReadJsonAsync();
        job.GetProperty("status").GetString().Should().BeOneOf("pending", "running", "ready");
        accepted.Headers.Location!.ToString().Should().Be($"/api/v1/users/me/exports/{job.Id()}");
        var ready = await WaitForAsync(me, job.Id(), "ready");
        ready.GetProperty("expiresAt").GetDateTime().Should().Be(ready.GetProperty("completedAt").GetDateTime().AddHours(24));
        var downloadUrl = ready.GetProperty("downloadUrl").GetString();
        downloadUrl.Should().Be($"/api/v1/users/me/exports/{job.Id()}/download");

        // Nobody else sees it: the same 404 as an unknown id; without a token, 401.
        await (await other.Client.GetAsync($"/api/v1/users/me/exports/{job.Id()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.GetAsync(downloadUrl)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await me.Client.GetAsync($"/api/v1/users/me/exports/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await factory.CreateClient().GetAsync(downloadUrl)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        var archivePath = Path.Combine(factory.DataDirectory, "exports", $"{job.Id():N}.export");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(archivePath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var download = await me.Client.GetAsync(downloadUrl);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        download.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        download.Content.Headers.ContentDisposition.FileName.Should().Contain($"chat-export-{me.Username}-");
        download.Headers.CacheControl!.NoStore.Should().BeTrue();
        download.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        var background = await EntriesAsync(download);

        // The clock stands still, so the direct export of the same account is the same archive, entry by entry.
        var directExport = await me.Client.GetAsync("/api/v1/users/me/export");
        directExport.StatusCode.Should().Be(HttpStatusCode.OK);
        var directEntries = await EntriesAsync(directExport);
        background.Keys.Should().BeEquivalentTo(directEntries.Keys);
        background.Keys.Should().Contain(["profile.json", "messages.json", $"attachments/{attachment}/notes.txt"]);
        foreach (var (name, bytes) in directEntries)
        {
            background[name].Should().Equal(bytes, name);
        }

        // A day later the link is dead: 410, the archive deleted, the export listed as expired.
        clock.Advance(TimeSpan.FromHours(24));
        await (await me.Client.GetAsync(downloadUrl)).ShouldBeProblemAsync(HttpStatusCode.Gone, "export_expired");
        File.Exists(archivePath).Should().BeFalse();
        var expired = await me.Client.GetFromJsonAsync<JsonElement>($"/api/v1/users/me/exports/{job.Id()}");
        expired.GetProperty("status").GetString().Should().Be("expired");
        expired.GetProperty("downloadUrl").ValueKind.Should().BeOneOf(JsonValueKind.Null, JsonValueKind.Undefined);

        // Deleting the account takes its exports along: rows and archives.
        var second = await (await me.Client.GetAsync("/api/v1/users/me/export?mode=background")).ReadJsonAsync();
        await WaitForAsync(me, second.Id(), "ready");
        var otherJob = await (await other.Client.GetAsync("/api/v1/users/me/export?mode=background")).ReadJsonAsync();
        await WaitForAsync(other, otherJob.Id(), "ready");
        using var deleteMe = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/users/me") { Content = JsonContent.Create(new { password = ApiTestExtensions.Password }) };
        (await me.Client.SendAsync(deleteMe)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await using var db = factory.Database.CreateContext();
        (await db.Set<AccountExport>().Where(e => e.UserId == me.Id).CountAsync()).Should().Be(0);
        (await db.Set<AccountExport>().Where(e => e.UserId == other.Id).CountAsync()).Should().Be(1);
        Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "exports"), "*.export").Select(Path.GetFileName)
            .Should().Equal($"{otherJob.Id():N}.export");
    }

    private static async Task<ChatApiFactory> CreateAsync(DatabaseProvider provider, ManualClock clock, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Chat:Exports:PollInterval"] = "00:00:00.200" };
        return new ConfiguredApiFactory(await TestDatabase.CreateAsync(provider), all, services => services.AddSingleton<TimeProvider>(clock));
    }

    // As a worker that crashed mid-way leaves it: running, attempted, its lease run out.
    private static async Task<Guid> LeftRunningAsync(ChatApiFactory factory, Guid id, Guid userId, int attempts, ManualClock clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var export = AccountExport.Request(userId, now.AddMinutes(-20));
        await using var db = factory.Database.CreateContext();
        db.Set<AccountExport>().Add(export);
        // Inserted as running at once: a pending row would be the worker's to claim before the test could change it.
        var entry = db.Entry(export);
        entry.Property(e => e.Id).CurrentValue = id;
        entry.Property(e => e.Status).CurrentValue = AccountExportStatus.Running;
        entry.Property(e => e.Attempts).CurrentValue = attempts;
        entry.Property(e => e.StartedAt).CurrentValue = now.AddMinutes(-20);
        entry.Property(e => e.LeaseUntil).CurrentValue = now.AddMinutes(-15);
        await db.SaveChangesAsync();
        return export.Id;
    }

    private static async Task<JsonElement> WaitForAsync(TestUser owner, Guid exportId, string status)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var export = await owner.Client.GetFromJsonAsync<JsonElement>($"/api/v1/users/me/exports/{exportId}");
            if (export.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline)
            {
                export.GetProperty("status").GetString().Should().Be(status, $"the worker finishes export {exportId} within {Patience}");
                return export;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<Dictionary<string, byte[]>> EntriesAsync(HttpResponseMessage response)
    {
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>();
        foreach (var entry in zip.Entries)
        {
            await using var stream = entry.Open();
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            entries[entry.FullName] = copy.ToArray();
        }

        return entries;
    }
}

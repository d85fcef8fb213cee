using System.IO.Compression;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users;
using Chat.Application.Features.Users.DeleteAccount;
using Chat.Application.Features.Users.DownloadAccountExport;
using Chat.Application.Features.Users.GetAccountExport;
using Chat.Application.Features.Users.RequestAccountExport;
using Chat.Application.Tests.Support;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Users;

/// <summary>
/// Background exports (rest.md "Exporting one's data"): the threshold between direct and background, one export in
/// progress per user, owner-only polling and download, the worker's claim, lease and recovery, expiry after the link's
/// lifetime (410 and the archive gone), the clean-up, and account deletion taking exports with it.
/// </summary>
[Covers(typeof(RequestAccountExportCommandHandler), typeof(GetAccountExportQueryHandler), typeof(DownloadAccountExportCommandHandler))]
public sealed class AccountExportHandlerTests : HandlerTest
{
    private readonly AccountExportOptions _options = new() { DirectMaxMessages = 2 };
    private User _me = null!;
    private User _other = null!;

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton(_options);
        services.AddSingleton(Substitute.For<IFileStore>());
    }

    protected override async Task ArrangeAsync()
    {
        var users = await Given.UsersAsync("me", "other");
        (_me, _other) = (users[0], users[1]);
    }

    private IExportFileStore Files => Host.Service<IExportFileStore>();

    [Fact]
    public async Task Up_to_the_threshold_the_export_is_direct_and_past_it_a_background_export_is_queued_once()
    {
        var direct = await Given.DirectAsync(_me, _other);
        await Given.MessageAsync(direct.Id, _me, "one");
        await Given.MessageAsync(direct.Id, _me, "two");
        await Given.MessageAsync(direct.Id, _other, "not counted");

        (await SendAs(_me.Id, new RequestAccountExportCommand(Background: false))).Job.Should().BeNull("two own messages are at the threshold");
        Host.Service<IAccountExportQueue>().DidNotReceive().Notify();

        await Given.MessageAsync(direct.Id, _me, "three");
        var first = await SendAs(_me.Id, new RequestAccountExportCommand(Background: false));

        first.Queued.Should().BeTrue();
        first.Job!.Status.Should().Be("pending");
        first.Job.CreatedAt.Should().Be(Host.Now);
        first.Job.DownloadUrl.Should().BeNull();
        Host.Service<IAccountExportQueue>().Received(1).Notify();
        var again = await SendAs(_me.Id, new RequestAccountExportCommand(Background: true));
        (again.Job!.Id, again.Queued).Should().Be((first.Job.Id, false), "one export in progress per user: the same one answers");
        (await Host.RowsAsync<AccountExport>()).Should().ContainSingle();
    }

    [Fact]
    public async Task Asking_for_the_background_queues_one_even_for_a_small_account()
    {
        var request = await SendAs(_me.Id, new RequestAccountExportCommand(Background: true));

        request.Job!.Status.Should().Be("pending");
        (await Host.RowsAsync<AccountExport>()).Single().UserId.Should().Be(_me.Id);
    }

    [Fact]
    public async Task Only_the_owner_can_poll_or_download_and_anyone_else_gets_the_answer_of_an_unknown_id()
    {
        var job = (await SendAs(_me.Id, new RequestAccountExportCommand(true))).Job!;

        (await SendAs(_me.Id, new GetAccountExportQuery(job.Id))).Id.Should().Be(job.Id);
        await Refused<NotFoundException>(() => SendAs(_other.Id, new GetAccountExportQuery(job.Id)), "not_found");
        await Refused<NotFoundException>(() => SendAs(_me.Id, new GetAccountExportQuery(Guid.NewGuid())), "not_found");
        await Refused<NotFoundException>(() => SendAs(_other.Id, new DownloadAccountExportCommand(job.Id)), "not_found");
        await Refused<ConflictException>(() => SendAs(_me.Id, new DownloadAccountExportCommand(job.Id)), "export_not_ready");
    }

    [Fact]
    public async Task The_worker_writes_the_same_entries_as_the_direct_export_and_the_owner_downloads_them_until_the_link_expires()
    {
        var direct = await Given.DirectAsync(_me, _other);
        var message = await Given.MessageAsync(direct.Id, _me, "exported");
        var job = (await SendAs(_me.Id, new RequestAccountExportCommand(true))).Job!;

        (await RunWorkerOnceAsync()).Should().Be(AccountExportStatus.Ready);

        var ready = await SendAs(_me.Id, new GetAccountExportQuery(job.Id));
        ready.Status.Should().Be("ready");
        ready.CompletedAt.Should().Be(Host.Now);
        ready.ExpiresAt.Should().Be(Host.Now + _options.LinkLifetime);
        ready.DownloadUrl.Should().Be($"/api/v1/users/me/exports/{job.Id}/download");
        var download = await SendAs(_me.Id, new DownloadAccountExportCommand(job.Id));
        download.FileName.Should().Be($"chat-export-me-{Host.Now:yyyyMMdd}.zip");
        download.Size.Should().Be(ready.Size);
        using (var zip = new ZipArchive(download.Content, ZipArchiveMode.Read))
        {
            zip.Entries.Select(e => e.FullName).Should().BeEquivalentTo(["profile.json", "friends.json", "blocks.json", "rooms.json", "conversations.json", "messages.json"]);
            using var reader = new StreamReader(zip.GetEntry("messages.json")!.Open());
            (await reader.ReadToEndAsync()).Should().Contain(message.Id.ToString());
        }

        Host.Clock.Advance(_options.LinkLifetime - TimeSpan.FromSeconds(1));
        (await SendAs(_me.Id, new DownloadAccountExportCommand(job.Id))).Content.Dispose();
        Host.Clock.Advance(TimeSpan.FromSeconds(1));

        (await SendAs(_me.Id, new GetAccountExportQuery(job.Id))).Status.Should().Be("expired", "past expiresAt, even before the clean-up");
        await Refused<GoneException>(() => SendAs(_me.Id, new DownloadAccountExportCommand(job.Id)), "export_expired");
        Files.OpenRead(job.Id).Should().BeNull("an expired download deletes the archive");
        (await Host.RowsAsync<AccountExport>()).Single().Status.Should().Be(AccountExportStatus.Expired);
        await Refused<GoneException>(() => SendAs(_me.Id, new DownloadAccountExportCommand(job.Id)), "export_expired");
    }

    [Fact]
    public async Task An_export_whose_worker_died_is_queued_again_when_its_lease_runs_out_and_fails_after_the_last_attempt()
    {
        _options.MaxAttempts = 2;
        var job = (await SendAs(_me.Id, new RequestAccountExportCommand(true))).Job!;
        var claimed = await WithJobsAsync(jobs => jobs.ClaimNextAsync(CancellationToken.None));
        claimed!.Id.Should().Be(job.Id);
        (await WithJobsAsync(jobs => jobs.ClaimNextAsync(CancellationToken.None))).Should().BeNull("a running export is nobody else's to claim");

        Host.Clock.Advance(_options.Lease - TimeSpan.FromSeconds(1));
        (await WithJobsAsync(jobs => jobs.RecoverAsync(CancellationToken.None))).Should().Be((0, 0), "the lease still holds");
        (await WithJobsAsync(jobs => jobs.RenewLeaseAsync(job.Id, CancellationToken.None))).Should().BeTrue();
        Host.Clock.Advance(_options.Lease - TimeSpan.FromSeconds(1));
        (await WithJobsAsync(jobs => jobs.RecoverAsync(CancellationToken.None))).Should().Be((0, 0), "renewed");
        Host.Clock.Advance(TimeSpan.FromSeconds(2));

        (await WithJobsAsync(jobs => jobs.RecoverAsync(CancellationToken.None))).Should().Be((1, 0));
        (await SendAs(_me.Id, new GetAccountExportQuery(job.Id))).Status.Should().Be("pending");
        (await WithJobsAsync(jobs => jobs.ClaimNextAsync(CancellationToken.None)))!.Attempts.Should().Be(2);
        Host.Clock.Advance(_options.Lease + TimeSpan.FromSeconds(1));

        (await WithJobsAsync(jobs => jobs.RecoverAsync(CancellationToken.None))).Should().Be((0, 1));
        var failed = (await Host.RowsAsync<AccountExport>()).Single();
        (failed.Status, failed.CompletedAt, failed.LeaseUntil).Should().Be((AccountExportStatus.Failed, Host.Now, (DateTime?)null));
        await Refused<ConflictException>(() => SendAs(_me.Id, new DownloadAccountExportCommand(job.Id)), "export_failed");
        (await SendAs(_me.Id, new RequestAccountExportCommand(true))).Job!.Id.Should().NotBe(job.Id, "a failed export is not in progress: a new one is queued");
    }

    [Fact]
    public async Task Stopping_while_writing_hands_the_export_back_without_a_partial_archive()
    {
        var job = (await SendAs(_me.Id, new RequestAccountExportCommand(true))).Job!;
        var claimed = await WithJobsAsync(jobs => jobs.ClaimNextAsync(CancellationToken.None));
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        var produce = () => WithJobsAsync(jobs => jobs.ProduceAsync(claimed!, stopping.Token));

        await produce.Should().ThrowAsync<OperationCanceledException>();

        var row = (await Host.RowsAsync<AccountExport>()).Single();
        (row.Status, row.Attempts, row.LeaseUntil).Should().Be((AccountExportStatus.Pending, 0, (DateTime?)null));
        Files.OpenRead(job.Id).Should().BeNull();
    }

    [Fact]
    public async Task The_clean_up_expires_old_archives_deletes_finished_rows_later_and_removes_files_without_an_export()
    {
        var job = (await SendAs(_me.Id, new RequestAccountExportCommand(true))).Job!;
        await RunWorkerOnceAsync();
        var orphan = Guid.NewGuid();
        await using (var stray = Files.Create(orphan))
        {
            stray.WriteByte(1);
        }

        (await WithJobsAsync(jobs => jobs.CleanUpAsync(CancellationToken.None))).Should().Be(new AccountExportCleanUp(0, 0, 1));
        Files.OpenRead(orphan).Should().BeNull();
        Files.List().Select(f => f.ExportId).Should().Equal(job.Id);

        Host.Clock.Advance(_options.LinkLifetime);
        (await WithJobsAsync(jobs => jobs.CleanUpAsync(CancellationToken.None))).Should().Be(new AccountExportCleanUp(1, 0, 0));
        Files.List().Should().BeEmpty();
        (await Host.RowsAsync<AccountExport>()).Single().Status.Should().Be(AccountExportStatus.Expired);

        Host.Clock.Advance(_options.KeepFinished + TimeSpan.FromSeconds(1));
        (await WithJobsAsync(jobs => jobs.CleanUpAsync(CancellationToken.None))).Should().Be(new AccountExportCleanUp(0, 1, 0));
        (await Host.RowsAsync<AccountExport>()).Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_the_account_removes_its_exports_rows_and_archives_and_a_running_one_leaves_nothing_behind()
    {
        Host.Service<IPasswordHasher>().Verify(Arg.Any<string>(), "pw").Returns(PasswordCheck.Success);
        await SendAs(_me.Id, new RequestAccountExportCommand(true));
        await RunWorkerOnceAsync();
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        var theirs = (await SendAs(_other.Id, new RequestAccountExportCommand(true))).Job!;
        await RunWorkerOnceAsync();
        var running = await WithJobsAsync(jobs => jobs.ClaimNextAsync(CancellationToken.None));
        running.Should().BeNull();
        await SendAs(_me.Id, new RequestAccountExportCommand(true));
        running = await WithJobsAsync(jobs => jobs.ClaimNextAsync(CancellationToken.None));

        await SendAs(_me.Id, new DeleteAccountCommand("pw"));

        (await Host.RowsAsync<AccountExport>()).Select(e => e.Id).Should().Equal(theirs.Id);
        Files.List().Select(f => f.ExportId).Should().Equal(theirs.Id);
        (await WithJobsAsync(jobs => jobs.ProduceAsync(running!, CancellationToken.None))).Should().Be(AccountExportStatus.Failed);
        Files.List().Select(f => f.ExportId).Should().Equal(theirs.Id);
        (await Host.RowsAsync<AccountExport>()).Should().ContainSingle();
    }

    private async Task<AccountExportStatus?> RunWorkerOnceAsync()
    {
        var claimed = await WithJobsAsync(jobs => jobs.ClaimNextAsync(CancellationToken.None));
        return claimed is null ? null : await WithJobsAsync(jobs => jobs.ProduceAsync(claimed, CancellationToken.None));
    }

    private async Task<T> WithJobsAsync<T>(Func<AccountExportJobs, Task<T>> work)
    {
        await using var scope = Host.Service<IServiceScopeFactory>().CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AccountExportJobs>());
    }
}

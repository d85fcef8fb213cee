using System.Text;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Attachments;
using Chat.Application.Features.Attachments.CleanUpAttachments;
using Chat.Application.Features.Attachments.GetAttachmentContent;
using Chat.Application.Features.Attachments.UploadAttachment;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Application.Tests.Support;
using Chat.Domain.Attachments;
using Chat.Domain.Users;
using Chat.Infrastructure.Files;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Attachments;

/// <summary>Upload, download access and clean-up handlers over a real SQLite file and the real local file store.</summary>
[Covers(typeof(UploadAttachmentCommandHandler), typeof(GetAttachmentContentQueryHandler), typeof(CleanUpAttachmentsCommandHandler))]
public sealed class AttachmentHandlerTests : HandlerTest
{
    private const int MaxBytes = 1000;
    private readonly string _files = Path.Combine(Path.GetTempPath(), "chat-tests", Guid.NewGuid().ToString("N"));
    private User _alice = null!;
    private User _bob = null!;

    protected override void Configure(IServiceCollection services)
    {
        services.AddSingleton(new AttachmentOptions { MaxBytes = MaxBytes, QuotaBytes = 2500 });
        services.AddSingleton<IFileStore>(new LocalFileStore(_files));
    }

    protected override async Task ArrangeAsync() => (_alice, _bob) = (await Given.UserAsync(), await Given.UserAsync());

    [Fact]
    public async Task An_upload_stores_a_row_and_the_bytes_once_per_content()
    {
        var first = await Upload(_alice.Id, "same bytes", "a.txt");
        var second = await Upload(_bob.Id, "same bytes", "b.txt");

        first.ContentType.Should().Be(FileTypes.Text);
        first.Size.Should().Be(10);
        first.Url.Should().Be($"/api/v1/attachments/{first.Id}");
        (await Host.RowsAsync<Attachment>()).Select(a => a.FileName).Should().BeEquivalentTo(["a.txt", "b.txt"]);
        var stored = (await Host.RowsAsync<StoredFile>()).Should().ContainSingle().Subject;
        stored.ReferenceCount.Should().Be(2);
        Directory.GetFiles(_files, "*", SearchOption.AllDirectories).Should().ContainSingle(f => f.EndsWith(stored.Sha256, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_large_unknown_or_over_quota_uploads_are_refused_and_leave_nothing()
    {
        await Refused<PayloadTooLargeException>(() => Upload(_alice.Id, new string('x', MaxBytes + 1)), "payload_too_large");
        await Refused<UnsupportedMediaTypeException>(() => Upload(_alice.Id, "\0binary"), "unsupported_media_type");
        await Upload(_alice.Id, new string('1', MaxBytes));
        await Upload(_alice.Id, new string('2', MaxBytes));
        await Refused<PayloadTooLargeException>(() => Upload(_alice.Id, new string('3', MaxBytes)), "storage_quota_exceeded");

        (await Host.RowsAsync<Attachment>()).Should().HaveCount(2);
        Directory.GetFiles(Path.Combine(_files, "files", "staging")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unsent_upload_is_readable_by_its_uploader_only()
    {
        var upload = await Upload(_alice.Id, "private notes");

        var content = await SendAs(_alice.Id, new GetAttachmentContentQuery(upload.Id));
        await using (content.Content)
        {
            new StreamReader(content.Content).ReadToEnd().Should().Be("private notes");
        }

        content.IsInline.Should().BeFalse();
        await Refused<NotFoundException>(() => SendAs(_bob.Id, new GetAttachmentContentQuery(upload.Id)), "not_found");
    }

    [Fact]
    public async Task Clean_up_removes_expired_unsent_uploads_and_their_bytes_but_keeps_sent_ones()
    {
        await Given.FriendsAsync(_alice, _bob);
        var direct = await Given.DirectAsync(_alice, _bob);
        var expired = await Upload(_alice.Id, "expired");
        var sent = await Upload(_alice.Id, "sent");
        await SendAs(_alice.Id, new SendMessageCommand(direct.Id, null, AttachmentIds: [sent.Id]));
        Host.Clock.Advance(TimeSpan.FromHours(25));

        var result = await SendAs(Guid.Empty, new CleanUpAttachmentsCommand());

        result.Should().Be(new CleanUpResult(1, 1));
        (await Host.RowsAsync<Attachment>()).Select(a => a.Id).Should().Equal(sent.Id);
        (await Host.RowsAsync<StoredFile>()).Should().ContainSingle().Which.ReferenceCount.Should().Be(1);
        (await SendAs(_bob.Id, new GetAttachmentContentQuery(sent.Id))).Content.Dispose();
        await Refused<NotFoundException>(() => SendAs(_alice.Id, new GetAttachmentContentQuery(expired.Id)), "not_found");
    }

    private Task<Features.Messages.AttachmentDto> Upload(Guid caller, string text, string name = "notes.txt") =>
        SendAs(caller, new UploadAttachmentCommand(new MemoryStream(Encoding.UTF8.GetBytes(text)), name));
}

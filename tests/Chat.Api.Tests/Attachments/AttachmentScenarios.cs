using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Domain.Attachments;
using Microsoft.EntityFrameworkCore;

namespace Chat.Api.Tests.Attachments;

/// <summary>The attachment behaviours of issue 12, written once and run on SQLite and on PostgreSQL.</summary>
public sealed class AttachmentScenarios(ConversationApiFactory factory)
{
    public async Task A_file_of_exactly_the_limit_is_stored_and_one_byte_more_is_413()
    {
        var alice = await factory.RegisterUserAsync("up");

        var exact = await alice.UploadAsync(Enumerable.Repeat((byte)'a', AttachmentApi.MaxBytes).ToArray());
        var over = await alice.PostFileAsync(Enumerable.Repeat((byte)'b', AttachmentApi.MaxBytes + 1).ToArray(), "big.txt");
        var declaredTooLarge = await alice.PostFileAsync(new byte[AttachmentApi.MaxBytes + 70 * 1024], "huge.bin");

        exact.GetProperty("size").GetInt64().Should().Be(AttachmentApi.MaxBytes);
        exact.GetProperty("contentType").GetString().Should().Be("text/plain; charset=utf-8");
        await over.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await declaredTooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        (await factory.QueryAsync(db => db.Set<Attachment>().CountAsync(a => a.UploaderId == alice.Id))).Should().Be(1, "nothing of a refused upload is kept");
        Directory.GetFiles(Path.Combine(factory.DataDirectory, "files", "staging")).Should().BeEmpty("staged parts are removed");
    }

    public async Task The_type_comes_from_the_bytes_not_from_the_name_or_header()
    {
        var alice = await factory.RegisterUserAsync("sniff");

        var png = await alice.UploadAsync(AttachmentApi.Png(640, 480), "setup.exe", "application/x-msdownload");
        var html = await alice.PostFileAsync(AttachmentApi.Text("<!DOCTYPE html><html><script>alert(1)</script></html>"), "cat.png", "image/png");
        var svg = await alice.PostFileAsync(AttachmentApi.Text("  <svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "logo.svg", "image/svg+xml");
        var binary = await alice.PostFileAsync([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], "tool.txt", "text/plain");
        var pdf = await alice.UploadAsync(AttachmentApi.Pdf(), "report.pdf");

        png.GetProperty("contentType").GetString().Should().Be("image/png");
        png.GetProperty("fileName").GetString().Should().Be("setup.exe");
        png.GetProperty("width").GetInt32().Should().Be(640);
        png.GetProperty("height").GetInt32().Should().Be(480);
        await html.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await svg.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await binary.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        pdf.GetProperty("contentType").GetString().Should().Be("application/pdf");
        pdf.GetProperty("width").ValueKind.Should().Be(JsonValueKind.Null);
    }

    public async Task File_names_are_sanitised_and_jpeg_metadata_is_stripped()
    {
        var alice = await factory.RegisterUserAsync("jpeg");
        var original = AttachmentApi.JpegWithGps();

        var jpeg = await alice.UploadAsync(original, "../../etc/\u202Egnp.exe\u0007.jpg");
        var bytes = await (await alice.Client.GetAsync(jpeg.GetProperty("url").GetString())).Content.ReadAsByteArrayAsync();

        jpeg.GetProperty("fileName").GetString().Should().Be("gnp.exe.jpg");
        jpeg.GetProperty("contentType").GetString().Should().Be("image/jpeg");
        jpeg.GetProperty("width").GetInt32().Should().Be(3);
        jpeg.GetProperty("height").GetInt32().Should().Be(2);
        Encoding.ASCII.GetString(bytes).Should().NotContain("GPS").And.NotContain("Exif").And.Contain("JFIF").And.Contain("scan-data");
        jpeg.GetProperty("size").GetInt64().Should().Be(bytes.Length).And.BeLessThan(original.Length);
    }

    public async Task Identical_bytes_are_stored_once_and_counted_by_reference()
    {
        var (alice, bob) = (await factory.RegisterUserAsync("dedupe"), await factory.RegisterUserAsync("dedupe"));
        var bytes = AttachmentApi.Png(salt: "shared");

        var first = await alice.UploadAsync(bytes, "a.png");
        var second = await bob.UploadAsync(bytes, "b.png");

        first.Id().Should().NotBe(second.Id());
        var sha = AttachmentApi.Sha256Of(bytes);
        var stored = await factory.QueryAsync(db => db.Set<StoredFile>().AsNoTracking().SingleAsync(f => f.Sha256 == sha));
        stored.ReferenceCount.Should().Be(2);
        File.Exists(factory.StoredPath(sha)).Should().BeTrue();
        Directory.GetFiles(Path.GetDirectoryName(factory.StoredPath(sha))!).Should().ContainSingle();
    }

    public async Task A_message_carries_its_attachments_and_each_upload_goes_into_one_message_only()
    {
        var users = await factory.FriendsAsync(3, "send");
        var (alice, bob, mallory) = (users[0], users[1], users[2]);
        var direct = (await alice.StartDirectAsync(bob)).Id();
        var photo = await alice.UploadAsync(AttachmentApi.Png(), "photo.png");
        var notes = await alice.UploadAsync(AttachmentApi.Text("minutes " + Guid.NewGuid()), "minutes.txt");
        var foreign = await mallory.UploadAsync(AttachmentApi.Pdf(), "other.pdf");

        var sent = await alice.SendWithAttachmentsAsync(direct, null, photo.Id(), notes.Id());
        var again = await alice.SendWithAttachmentsAsync(direct, "again", photo.Id());
        var notMine = await alice.SendWithAttachmentsAsync(direct, "theirs", foreign.Id());
        var tooMany = await alice.SendWithAttachmentsAsync(direct, "many", Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()).ToArray());

        sent.StatusCode.Should().Be(HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var message = await sent.ReadJsonAsync();
        message.GetProperty("content").ValueKind.Should().Be(JsonValueKind.Null);
        message.GetProperty("attachments").EnumerateArray().Select(a => a.Id()).Should().Equal(photo.Id(), notes.Id());
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, "attachment_already_sent");
        await notMine.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await tooMany.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var history = await bob.HistoryAsync(direct);
        history.GetProperty("items")[0].GetProperty("attachments").GetArrayLength().Should().Be(2);
    }

    public async Task One_request_multipart_send_stores_the_message_with_its_files_and_a_retry_answers_the_same()
    {
        var users = await factory.FriendsAsync(2, "multi");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        HttpContent Form()
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent("holiday pictures"), "content" },
                { new StringContent("multi-1"), "clientMessageId" },
            };
            form.Add(new ByteArrayContent(AttachmentApi.Png(4, 4, "beach")), "attachment", "beach.png");
            form.Add(new ByteArrayContent(AttachmentApi.Text("itinerary")), "attachment", "plan.txt");
            return form;
        }

        var first = await users[0].Client.PostAsync($"/api/v1/conversations/{direct}/messages", Form());
        var retry = await users[0].Client.PostAsync($"/api/v1/conversations/{direct}/messages", Form());

        first.StatusCode.Should().Be(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        retry.StatusCode.Should().Be(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        var (stored, answered) = (await first.ReadJsonAsync(), await retry.ReadJsonAsync());
        stored.GetProperty("content").GetString().Should().Be("holiday pictures");
        stored.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("fileName").GetString()).Should().Equal("beach.png", "plan.txt");
        stored.GetProperty("attachments")[0].GetProperty("width").GetInt32().Should().Be(4);
        answered.Id().Should().Be(stored.Id());
        answered.GetProperty("attachments").EnumerateArray().Select(a => a.Id()).Should().Equal(stored.GetProperty("attachments").EnumerateArray().Select(a => a.Id()));
        (await users[1].HistoryAsync(direct)).GetProperty("items").GetArrayLength().Should().Be(1);
    }

    public async Task Downloads_are_for_the_uploader_and_readers_of_a_live_message_only()
    {
        var users = await factory.FriendsAsync(3, "access");
        var (alice, bob, carol) = (users[0], users[1], users[2]);
        var stranger = await factory.RegisterUserAsync("stranger");
        var group = (await alice.StartGroupAsync("trip", bob, carol)).Id();
        var unsent = await alice.UploadAsync(AttachmentApi.Pdf(), "draft.pdf");
        var shared = await alice.UploadAsync(AttachmentApi.Pdf(), "final.pdf");
        var url = shared.GetProperty("url").GetString()!;
        var message = await (await alice.SendWithAttachmentsAsync(group, "see attached", shared.Id())).ReadJsonAsync();

        (await alice.Client.GetAsync(unsent.GetProperty("url").GetString())).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await bob.Client.GetAsync(unsent.GetProperty("url").GetString())).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await bob.Client.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await stranger.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.Client.GetAsync($"/api/v1/attachments/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        await (await alice.Client.DeleteAsync($"/api/v1/conversations/{group}/members/{carol.Id}")).ShouldBeNoContentAsync();
        await (await carol.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");

        await (await alice.Client.DeleteAsync($"/api/v1/messages/{message.Id()}")).ShouldBeNoContentAsync();
        await (await bob.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await alice.Client.GetAsync(url)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await bob.GetJsonAsync($"/api/v1/messages/{message.Id()}")).GetProperty("attachments").GetArrayLength().Should().Be(0);
    }

    public async Task Downloads_carry_safe_headers_etags_and_ranges()
    {
        var alice = await factory.RegisterUserAsync("headers");
        var textBytes = AttachmentApi.Text("0123456789 plain text " + Guid.NewGuid());
        var text = await alice.UploadAsync(textBytes, "notes.txt");
        var image = await alice.UploadAsync(AttachmentApi.Png(), "picture.png");

        var full = await alice.Client.GetAsync(text.GetProperty("url").GetString());
        var inline = await alice.Client.GetAsync(image.GetProperty("url").GetString());
        var conditional = new HttpRequestMessage(HttpMethod.Get, text.GetProperty("url").GetString());
        conditional.Headers.IfNoneMatch.Add(full.Headers.ETag!);
        var notModified = await alice.Client.SendAsync(conditional);
        var ranged = new HttpRequestMessage(HttpMethod.Get, text.GetProperty("url").GetString());
        ranged.Headers.Range = new RangeHeaderValue(2, 5);
        var partial = await alice.Client.SendAsync(ranged);
        var outside = new HttpRequestMessage(HttpMethod.Get, text.GetProperty("url").GetString());
        outside.Headers.Range = new RangeHeaderValue(100_000, 100_010);
        var unsatisfiable = await alice.Client.SendAsync(outside);

        full.StatusCode.Should().Be(HttpStatusCode.OK);
        (await full.Content.ReadAsByteArrayAsync()).Should().Equal(textBytes);
        full.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        full.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        full.Headers.GetValues("Content-Security-Policy").Should().Equal("default-src 'none'; sandbox");
        full.Headers.CacheControl!.Private.Should().BeTrue();
        full.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        full.Content.Headers.ContentDisposition.FileNameStar.Should().Be("notes.txt");
        full.Headers.ETag!.Tag.Should().Be($"\"{AttachmentApi.Sha256Of(textBytes)}\"");
        full.Headers.AcceptRanges.Should().Contain("bytes");
        inline.Content.Headers.ContentDisposition!.DispositionType.Should().Be("inline");
        inline.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsStringAsync()).Should().Be("2345");
        partial.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 2-5/{textBytes.Length}");
        unsatisfiable.StatusCode.Should().Be(HttpStatusCode.RequestedRangeNotSatisfiable);
    }

    public async Task Clean_up_removes_old_unsent_uploads_and_files_of_deleted_messages_but_nothing_referenced()
    {
        var users = await factory.FriendsAsync(2, "clean");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var sharedBytes = AttachmentApi.Pdf();
        var old = await users[0].UploadAsync(AttachmentApi.Pdf(), "old.pdf");
        var fresh = await users[0].UploadAsync(AttachmentApi.Pdf(), "fresh.pdf");
        var sentOld = await users[0].UploadAsync(sharedBytes, "kept.pdf");
        var twin = await users[1].UploadAsync(sharedBytes, "twin.pdf");
        var doomed = await users[0].UploadAsync(AttachmentApi.Pdf(), "doomed.pdf");
        await users[0].SendWithAttachmentsAsync(direct, "kept", sentOld.Id());
        var doomedMessage = await (await users[0].SendWithAttachmentsAsync(direct, "doomed", doomed.Id())).ReadJsonAsync();
        await (await users[0].Client.DeleteAsync($"/api/v1/messages/{doomedMessage.Id()}")).ShouldBeNoContentAsync();
        foreach (var id in new[] { old.Id(), sentOld.Id(), twin.Id(), doomed.Id() })
        {
            await factory.AgeAsync(id, TimeSpan.FromHours(25));
        }

        var ids = new[] { old.Id(), fresh.Id(), doomed.Id() };
        var shas = await factory.QueryAsync(db => db.Set<Attachment>().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Sha256));

        await factory.CleanUpAsync();

        var left = await factory.QueryAsync(db => db.Set<Attachment>().Where(a => a.UploaderId == users[0].Id || a.UploaderId == users[1].Id).Select(a => a.Id).ToListAsync());
        left.Should().BeEquivalentTo([fresh.Id(), sentOld.Id()]);
        File.Exists(factory.StoredPath(shas[old.Id()])).Should().BeFalse();
        File.Exists(factory.StoredPath(shas[doomed.Id()])).Should().BeFalse();
        File.Exists(factory.StoredPath(shas[fresh.Id()])).Should().BeTrue();
        File.Exists(factory.StoredPath(AttachmentApi.Sha256Of(sharedBytes))).Should().BeTrue("the sent attachment still refers to the bytes its twin shared");
        (await factory.QueryAsync(db => db.Set<StoredFile>().AsNoTracking().SingleAsync(f => f.Sha256 == AttachmentApi.Sha256Of(sharedBytes)))).ReferenceCount.Should().Be(1);
        (await users[1].Client.GetAsync(sentOld.GetProperty("url").GetString())).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public async Task Sending_and_clean_up_racing_never_lose_a_referenced_file()
    {
        var users = await factory.FriendsAsync(2, "race");
        var direct = (await users[0].StartDirectAsync(users[1])).Id();
        var outcomes = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var upload = await users[0].UploadAsync(AttachmentApi.Pdf(), $"race{i}.pdf");
            await factory.AgeAsync(upload.Id(), TimeSpan.FromHours(25));

            var send = users[0].SendWithAttachmentsAsync(direct, $"race {i}", upload.Id());
            var clean = factory.CleanUpAsync();
            await Task.WhenAll(send, clean);

            var response = await send;
            outcomes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                (await users[1].Client.GetAsync(upload.GetProperty("url").GetString())).StatusCode.Should().Be(HttpStatusCode.OK, "a sent file must survive the clean-up");
            }
            else if (response.StatusCode == HttpStatusCode.Conflict)
            {
                // The clean-up removed the upload between the send's check and its claim: the claim lost and the send rolled back.
                await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "attachment_already_sent");
                (await factory.QueryAsync(db => db.Set<Attachment>().AnyAsync(a => a.Id == upload.Id()))).Should().BeFalse();
            }
            else
            {
                // The clean-up removed the upload before the send looked at it.
                await response.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
                (await factory.QueryAsync(db => db.Set<Attachment>().AnyAsync(a => a.Id == upload.Id()))).Should().BeFalse();
            }
        }

        var referenced = await factory.QueryAsync(db => db.Set<Attachment>().Where(a => a.MessageId != null).Select(a => a.Sha256).Distinct().ToListAsync());
        referenced.Where(sha => !File.Exists(factory.StoredPath(sha))).Should().BeEmpty("no referenced bytes are ever removed");
        outcomes.Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict || s == HttpStatusCode.UnprocessableEntity);
    }

    public async Task Uploads_past_the_users_quota_are_refused()
    {
        var alice = await factory.RegisterUserAsync("quota");
        for (var i = 0; i < AttachmentApi.QuotaBytes / AttachmentApi.MaxBytes; i++)
        {
            await alice.UploadAsync(AttachmentApi.Text(i + new string('q', AttachmentApi.MaxBytes - 1)), $"part{i}.txt");
        }

        var over = await alice.PostFileAsync(AttachmentApi.Text("one more"), "more.txt");

        await over.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "storage_quota_exceeded");
        (await (await factory.RegisterUserAsync("quota")).PostFileAsync(AttachmentApi.Text("another user"), "ok.txt")).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    public async Task Upload_requests_without_a_file_part_are_refused_clearly()
    {
        var alice = await factory.RegisterUserAsync("nofile");

        var json = await alice.Client.PostAsync("/api/v1/attachments", new StringContent("{}", Encoding.UTF8, "application/json"));
        var noFile = await alice.Client.PostAsync("/api/v1/attachments", new MultipartFormDataContent { { new StringContent("x"), "note" } });
        var empty = await alice.PostFileAsync([], "empty.txt");

        await json.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await noFile.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await empty.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

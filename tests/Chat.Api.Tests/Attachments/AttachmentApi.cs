using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Application.Features.Attachments.CleanUpAttachments;
using Chat.Domain.Attachments;
using Chat.Infrastructure.Persistence;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Api.Tests.Attachments;

/// <summary>Uploading, sending and inspecting attachments from tests, and sample files of each kind.</summary>
public static class AttachmentApi
{
    /// <summary>The upload limit the attachment test API runs with (small, so limit tests stay fast).</summary>
    public const int MaxBytes = 100_000;

    /// <summary>The per-user quota of the attachment test API.</summary>
    public const int QuotaBytes = 400_000;

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Chat:Attachments:MaxBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Chat:Attachments:QuotaBytes"] = QuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Task<HttpResponseMessage> PostFileAsync(this TestUser user, byte[] bytes, string fileName, string contentType = "application/octet-stream", string field = "file")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, field, fileName);
        return user.Client.PostAsync("/api/v1/attachments", form);
    }

    public static async Task<JsonElement> UploadAsync(this TestUser user, byte[] bytes, string fileName = "notes.txt", string contentType = "application/octet-stream")
    {
        var response = await user.PostFileAsync(bytes, fileName, contentType);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    public static Task<HttpResponseMessage> SendWithAttachmentsAsync(this TestUser user, Guid conversationId, string? content, params Guid[] attachmentIds) =>
        user.Client.PostAsync(
            $"/api/v1/conversations/{conversationId}/messages",
            new StringContent(JsonSerializer.Serialize(new { content, attachmentIds }), Encoding.UTF8, "application/json"));

    /// <summary>Runs one clean-up pass as the background job does.</summary>
    public static async Task<CleanUpResult> CleanUpAsync(this ChatApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CleanUpAttachmentsCommand());
    }

    /// <summary>Makes an upload look as if it had been made <paramref name="age"/> ago.</summary>
    public static async Task AgeAsync(this ChatApiFactory factory, Guid attachmentId, TimeSpan age)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
        var at = DateTime.UtcNow - age;
        await db.Set<Attachment>().Where(a => a.Id == attachmentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, at));
    }

    public static async Task<T> QueryAsync<T>(this ChatApiFactory factory, Func<ChatDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ChatDbContext>());
    }

    /// <summary>Where the local file store keeps the bytes of <paramref name="sha256"/>.</summary>
    public static string StoredPath(this ChatApiFactory factory, string sha256) =>
        Path.Combine(factory.DataDirectory, "files", sha256[..2], sha256[2..4], sha256);

    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>A PNG header (signature and IHDR) for an image of <paramref name="width"/> × <paramref name="height"/>, plus <paramref name="salt"/>.</summary>
    public static byte[] Png(int width = 3, int height = 2, string salt = "")
    {
        var bytes = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };
        bytes.AddRange("IHDR"u8.ToArray());
        bytes.AddRange(BigEndian(width));
        bytes.AddRange(BigEndian(height));
        bytes.AddRange(new byte[] { 8, 6, 0, 0, 0, 0, 0, 0, 0 });
        bytes.AddRange(Encoding.UTF8.GetBytes("IDAT" + salt + Guid.NewGuid()));
        return [.. bytes];
    }

    /// <summary>A JPEG whose APP1 segment holds Exif data with a GPS marker, then JFIF, a 3 × 2 frame header and a scan.</summary>
    public static byte[] JpegWithGps()
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        var exif = Encoding.ASCII.GetBytes("Exif\0\0GPSLatitude=52.52;GPSLongitude=13.40");
        bytes.AddRange(new byte[] { 0xFF, 0xE1, 0, (byte)(exif.Length + 2) });
        bytes.AddRange(exif);
        var jfif = Encoding.ASCII.GetBytes("JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        bytes.AddRange(new byte[] { 0xFF, 0xE0, 0, (byte)(jfif.Length + 2) });
        bytes.AddRange(jfif);
        bytes.AddRange(new byte[] { 0xFF, 0xC0, 0, 11, 8, 0, 2, 0, 3, 1, 1, 0x11, 0 });
        bytes.AddRange(new byte[] { 0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0 });
        bytes.AddRange(Encoding.ASCII.GetBytes("scan-data" + Guid.NewGuid()));
        bytes.AddRange(new byte[] { 0xFF, 0xD9 });
        return [.. bytes];
    }

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.7\n" + Guid.NewGuid() + "\n%%EOF\n");

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}

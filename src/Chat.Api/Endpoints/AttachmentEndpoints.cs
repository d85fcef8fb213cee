using Chat.Api.Infrastructure;
using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Attachments;
using Chat.Application.Features.Attachments.GetAttachmentContent;
using Chat.Application.Features.Attachments.UploadAttachment;
using Chat.Application.Features.Messages;
using MediatR;
using Microsoft.Net.Http.Headers;

namespace Chat.Api.Endpoints;

/// <summary>Uploading and downloading files (rest.md "Attachments"; docs/attachments-and-search.md).</summary>
public static class AttachmentEndpoints
{
    public static void MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<AttachmentOptions>();
        var group = app.MapGroup("/api/v1/attachments").WithTags("Attachments").RequireAuthorization();
        group.MapPost("/", Upload)
            .WithMetadata(new RequestSizeLimit(options.MaxBytes + AttachmentOptions.EnvelopeBytes))
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<AttachmentDto>(StatusCodes.Status201Created)
            .ProducesProblems(400, 401, 413, 415, 422, 429)
            .DisableAntiforgery();
        group.MapGet("/{id:guid}", Download)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status206PartialContent)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblems(401, 404, 410, 416);
    }

    /// <summary>Uploads one file (multipart part <c>file</c>), streamed to storage; it is not shared until a message carries it.</summary>
    /// <remarks>
    /// Limit <c>Chat:Attachments:MaxBytes</c> (25 MiB by default): a Content-Length above the limit plus 64 KiB is refused
    /// before the body is read; otherwise the bytes are counted while streaming and the upload stops at the limit. The type
    /// is decided from the bytes (PNG, JPEG, GIF, WebP, PDF, MP4, WebM, MP3, OGG, Office documents, plain UTF-8 text),
    /// never from the part's Content-Type or file name. JPEG metadata (Exif, GPS, XMP, comments) is removed. The file
    /// name is kept for display only, sanitised. Identical bytes are stored once.
    /// </remarks>
    /// <response code="201">Stored: the Attachment (with width and height for images).</response>
    /// <response code="400">Not multipart/form-data.</response>
    /// <response code="413"><c>payload_too_large</c> past the size limit, <c>storage_quota_exceeded</c> past the user's quota.</response>
    /// <response code="415"><c>unsupported_media_type</c>: the bytes are not an allowed type (HTML and SVG never are).</response>
    /// <response code="422">No <c>file</c> part, or an empty file.</response>
    /// <response code="429">Uploading too fast (policy <c>UploadAttachment</c>); see <c>Retry-After</c>.</response>
    public static async Task<IResult> Upload(HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var form = MultipartForm.Open(request);
        while (await form.NextAsync(ct) is { } part)
        {
            if (part.IsFile && part.Name == "file")
            {
                var attachment = await mediator.Send(new UploadAttachmentCommand(part.Body, part.FileName), ct);
                return Results.Created(attachment.Url, attachment);
            }
        }

        throw new RequestValidationException(new Dictionary<string, string[]> { ["file"] = ["Send the file in a multipart part named 'file'."] });
    }

    /// <summary>An attachment's bytes: for its uploader until sent, then for whoever can read the (not deleted) message carrying it.</summary>
    /// <remarks>
    /// Always <c>X-Content-Type-Options: nosniff</c>, <c>Content-Security-Policy: default-src 'none'; sandbox</c> and
    /// <c>Cache-Control: private</c>. PNG, JPEG, GIF and WebP are served inline, everything else with
    /// <c>Content-Disposition: attachment</c>. The ETag is the content's SHA-256: <c>If-None-Match</c> answers 304.
    /// <c>Range</c> (one range) answers 206, an unsatisfiable one 416. With encryption at rest the bytes are opened on
    /// the way out; a stored file failing its integrity check answers 410 <c>attachment_unreadable</c> (damage past the
    /// first 64 KiB cuts the response off at the damaged chunk instead: no unverified byte is sent).
    /// </remarks>
    /// <response code="200">The bytes.</response>
    /// <response code="206">The requested range.</response>
    /// <response code="304">Not modified (ETag matched).</response>
    /// <response code="404">No such attachment, or not readable by the caller (strangers, former members, deleted messages).</response>
    /// <response code="410"><c>attachment_unreadable</c>: the stored (encrypted) file failed its integrity check.</response>
    public static async Task<IResult> Download(Guid id, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var content = await mediator.Send(new GetAttachmentContentQuery(id), ct);
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        headers.CacheControl = "private, no-cache";
        var disposition = new ContentDispositionHeaderValue(content.IsInline ? "inline" : "attachment");
        disposition.SetHttpFileName(content.FileName);
        headers.ContentDisposition = disposition.ToString();
        return Results.Stream(
            content.Content,
            content.ContentType,
            lastModified: new DateTimeOffset(content.CreatedAt, TimeSpan.Zero),
            entityTag: new EntityTagHeaderValue($"\"{content.Sha256}\""),
            enableRangeProcessing: true);
    }
}

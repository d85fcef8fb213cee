using Chat.Application.Common.Behaviours;
using Chat.Application.Features.Messages;
using MediatR;

namespace Chat.Application.Features.Attachments.UploadAttachment;

/// <summary>
/// Stores an upload, not yet shared: <see cref="Content"/> is read once, as a stream (the multipart file part), and
/// never held whole in memory. The type comes from the bytes; <see cref="FileName"/> is only displayed, after sanitising.
/// Answers 413 <c>payload_too_large</c> past <c>Chat:Attachments:MaxBytes</c>, 413 <c>storage_quota_exceeded</c> past
/// the user's quota, 415 <c>unsupported_media_type</c> for bytes outside the allow-list, 429 past the
/// <c>UploadAttachment</c> rate limit.
/// </summary>
public sealed record UploadAttachmentCommand(Stream Content, string? FileName) : IRequest<AttachmentDto>, IRateLimitedRequest
{
    public static string RateLimitPolicy => "UploadAttachment";
}

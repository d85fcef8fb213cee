namespace Chat.Application.Common.Exceptions;

/// <summary>413: an upload over the size limit (<c>payload_too_large</c>) or over the uploader's storage quota (<c>storage_quota_exceeded</c>).</summary>
public sealed class PayloadTooLargeException(string message, string code = "payload_too_large") : ChatApplicationException(code, message);

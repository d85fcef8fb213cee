using MediatR;

namespace Chat.Application.Features.Attachments.CleanUpAttachments;

/// <summary>
/// One clean-up pass (run by the background job every <c>Chat:Attachments:CleanupInterval</c>): removes the attachments
/// of deleted messages and uploads never sent within <c>UnsentLifetime</c>, then the stored bytes no attachment refers
/// to. Works in batches of <see cref="BatchSize"/> per kind; whatever is left waits for the next pass.
/// </summary>
public sealed record CleanUpAttachmentsCommand(int BatchSize = 500) : IRequest<CleanUpResult>;

/// <summary>What one pass removed: attachment rows and stored files (bytes).</summary>
public sealed record CleanUpResult(int Attachments, int Files);

using System.Text.Json;
using Chat.Api.Infrastructure;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Attachments;
using Chat.Application.Features.Attachments.UploadAttachment;
using Chat.Application.Features.Messages;
using Chat.Application.Features.Messages.AddReaction;
using Chat.Application.Features.Messages.DeleteMessage;
using Chat.Application.Features.Messages.EditMessage;
using Chat.Application.Features.Messages.GetChanges;
using Chat.Application.Features.Messages.GetMessage;
using Chat.Application.Features.Messages.GetMessageEdits;
using Chat.Application.Features.Messages.GetMessages;
using Chat.Application.Features.Messages.GetThread;
using Chat.Application.Features.Messages.MarkMessageRead;
using Chat.Application.Features.Messages.RemoveReaction;
using Chat.Application.Features.Messages.SendMessage;
using Chat.Domain.Attachments;
using MediatR;
using Microsoft.AspNetCore.Http.Features;

namespace Chat.Api.Endpoints;

/// <summary>Sending, reading, editing, deleting and reacting to messages (rest.md "Messages").</summary>
public static class MessageEndpoints
{
    public static void MapMessageEndpoints(this IEndpointRouteBuilder app)
    {
        var attachments = app.ServiceProvider.GetRequiredService<AttachmentOptions>();
        var conversations = app.MapGroup("/api/v1/conversations/{id:guid}").WithTags("Messages").RequireAuthorization();
        conversations.MapPost("/messages", Send)
            .WithMetadata(new RequestSizeLimit(AttachmentLimits.MaxPerMessage * attachments.MaxBytes + AttachmentOptions.EnvelopeBytes))
            .Accepts<SendMessageBody>("application/json", "multipart/form-data")
            .Produces<MessageDto>(StatusCodes.Status201Created).Produces<MessageDto>().ProducesProblems(400, 401, 403, 404, 409, 413, 415, 422, 429)
            .DisableAntiforgery();
        conversations.MapGet("/messages", History).Produces<MessageHistoryDto>().ProducesProblems(400, 401, 403, 404, 422);
        conversations.MapGet("/changes", Changes).Produces<ChangesDto>().ProducesProblems(400, 401, 403, 404, 422);

        var messages = app.MapGroup("/api/v1/messages/{id:guid}").WithTags("Messages").RequireAuthorization();
        messages.MapGet("/", Get).Produces<MessageDto>().ProducesProblems(401, 403, 404);
        messages.MapPatch("/", Edit).Produces<MessageDto>().ProducesProblems(400, 401, 403, 404, 409, 422);
        messages.MapDelete("/", Delete).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
        messages.MapGet("/edits", Edits).Produces<IReadOnlyList<MessageEditDto>>().ProducesProblems(401, 403, 404);
        messages.MapGet("/thread", Thread).Produces<CursorPage<MessageDto>>().ProducesProblems(400, 401, 403, 404, 422);
        messages.MapPost("/reactions", React).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 409, 422);
        messages.MapDelete("/reactions/{emoji}", Unreact).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 422);
        messages.MapPut("/read", MarkRead).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
    }

    /// <summary>Sends a message; it takes the conversation's next <c>seq</c>.</summary>
    /// <remarks>
    /// JSON body <c>{ content?, clientMessageId?, replyToId?, attachmentIds? }</c>, or <c>multipart/form-data</c> with
    /// fields <c>content</c>, <c>clientMessageId</c>, <c>replyToId</c> and one or more file parts <c>attachment</c>
    /// (each uploaded as by POST /attachments, then sent in this message). Content is 1–4000 characters after trimming,
    /// and may be left out when the message carries attachments (at most 10, the sender's own unsent uploads). A retry
    /// with the same <c>clientMessageId</c> answers 200 with the message the first attempt stored, attachments
    /// included; it never stores a second one. <c>replyToId</c> must be a message of the same conversation; a reply to
    /// a reply joins the first one's thread. <c>@username</c> mentions users who can read the conversation. The
    /// participants' sockets hear <c>new_message</c>.
    /// </remarks>
    /// <response code="201">Stored.</response>
    /// <response code="200">A retry: the message that <c>clientMessageId</c> already stored.</response>
    /// <response code="403"><c>not_a_participant</c>, or <c>blocked</c> in a direct conversation.</response>
    /// <response code="404">No such conversation.</response>
    /// <response code="409"><c>message_deleted</c> (the message replied to was deleted) or <c>attachment_already_sent</c>.</response>
    /// <response code="413">A JSON body over 1 MiB; a file over the attachment limit or the quota.</response>
    /// <response code="415"><c>unsupported_media_type</c>: an attached file of a type not allowed.</response>
    /// <response code="422"><c>validation_failed</c> (content length, <c>replyToId</c> of another conversation, attachments not the sender's uploads or more than 10).</response>
    /// <response code="429">Sending too fast; see <c>Retry-After</c>.</response>
    public static async Task<IResult> Send(Guid id, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var command = MultipartForm.IsMultipart(request) ? await ReadMultipartSendAsync(id, request, mediator, ct) : await ReadJsonSendAsync(id, request, ct);
        var result = await mediator.Send(command, ct);
        return result.Created ? Results.Created($"/api/v1/messages/{result.Message.Id}", result.Message) : Results.Ok(result.Message);
    }

    private static async Task<SendMessageCommand> ReadJsonSendAsync(Guid id, HttpRequest request, CancellationToken ct)
    {
        // Only multipart sends may be large; a JSON body keeps the app-wide limit.
        if (request.ContentLength > DependencyInjection.MaxRequestBodyBytes)
        {
            throw new PayloadTooLargeException("The request body is too large.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = DependencyInjection.MaxRequestBodyBytes;
        }

        if (!request.HasJsonContentType())
        {
            throw new UnsupportedMediaTypeException("Send application/json or multipart/form-data.");
        }

        SendMessageBody? body;
        try
        {
            body = await request.ReadFromJsonAsync<SendMessageBody>(ct);
        }
        catch (JsonException)
        {
            throw new BadRequestException("The request body is not valid JSON for this request.");
        }

        body ??= new SendMessageBody(null, null, null, null);
        return new SendMessageCommand(id, body.Content, body.ClientMessageId, body.ReplyToId, body.AttachmentIds);
    }

    /// <summary>The one-request send: text fields and file parts in any order; each file is uploaded as it streams in.</summary>
    private static async Task<SendMessageCommand> ReadMultipartSendAsync(Guid id, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var form = MultipartForm.Open(request);
        string? content = null, clientMessageId = null;
        Guid? replyToId = null;
        var attachmentIds = new List<Guid>();
        while (await form.NextAsync(ct) is { } part)
        {
            switch (part.Name)
            {
                case "attachment" when part.IsFile:
                    if (attachmentIds.Count == AttachmentLimits.MaxPerMessage)
                    {
                        throw new RequestValidationException(new Dictionary<string, string[]>
                        {
                            ["attachment"] = [$"A message carries at most {AttachmentLimits.MaxPerMessage} attachments."],
                        });
                    }

                    attachmentIds.Add((await mediator.Send(new UploadAttachmentCommand(part.Body, part.FileName), ct)).Id);
                    break;
                case "content":
                    content = await part.ReadTextAsync(ct);
                    break;
                case "clientMessageId":
                    clientMessageId = await part.ReadTextAsync(ct);
                    break;
                case "replyToId":
                    replyToId = Guid.TryParse(await part.ReadTextAsync(ct), out var parsed)
                        ? parsed
                        : throw new RequestValidationException(new Dictionary<string, string[]> { ["replyToId"] = ["Not a message id."] });
                    break;
            }
        }

        return new SendMessageCommand(id, content, clientMessageId, replyToId, attachmentIds);
    }

    /// <summary>A page of history in ascending seq; fetching it marks the messages delivered to the caller.</summary>
    /// <remarks>
    /// No cursor: the newest <c>limit</c>. <c>before</c>: the <c>limit</c> messages just below that seq; <c>after</c>: just
    /// above it; <c>around</c>: half below it and half from it on. <c>hasMoreBefore</c>/<c>hasMoreAfter</c> say whether
    /// more lies on either side.
    /// </remarks>
    /// <param name="id">The conversation.</param>
    /// <param name="before">A seq: messages below it.</param>
    /// <param name="after">A seq: messages above it.</param>
    /// <param name="around">A seq: messages around it.</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="includeDeleted">Include tombstones of deleted messages (default false).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="422">More than one of before/after/around, or a value out of range.</response>
    public static async Task<IResult> History(
        Guid id, long? before, long? after, long? around, int? limit, bool? includeDeleted, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetMessagesQuery(id, before, after, around, limit, includeDeleted ?? false), ct));

    /// <summary>Catching up: every message changed after version <c>since</c> (new, edited, reacted to, or deleted as a tombstone).</summary>
    /// <remarks>
    /// Items come in ascending <c>version</c>. Pass the answer's <c>version</c> as the next <c>since</c> until <c>hasMore</c>
    /// is false; then <c>version</c> is the conversation's version.
    /// </remarks>
    /// <param name="id">The conversation.</param>
    /// <param name="since">The highest version the client has applied (0 for everything).</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Changes(Guid id, long? since, int? limit, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetChangesQuery(id, since ?? 0, limit), ct));

    /// <summary>One message (a tombstone when deleted).</summary>
    /// <response code="403"><c>not_a_participant</c>.</response>
    /// <response code="404">No such message.</response>
    public static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetMessageQuery(id), ct));

    /// <summary>Replaces a message's content (sender only); the previous content is kept in its edits.</summary>
    /// <response code="200">The message with <c>editedAt</c>.</response>
    /// <response code="403"><c>not_sender</c> or <c>not_a_participant</c>.</response>
    /// <response code="409"><c>message_deleted</c>.</response>
    public static async Task<IResult> Edit(Guid id, EditMessageBody body, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new EditMessageCommand(id, body.Content), ct));

    /// <summary>Soft-deletes a message: its sender may, and so may a group's owner.</summary>
    /// <remarks>The tombstone keeps id, seq and createdAt; content, reactions, mentions and previous contents go.</remarks>
    /// <response code="204">Deleted (also when it already was).</response>
    /// <response code="403"><c>not_sender</c> or <c>not_a_participant</c>.</response>
    public static async Task<IResult> Delete(Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteMessageCommand(id), ct);
        return Results.NoContent();
    }

    /// <summary>The contents a message had before each edit, oldest first, each with when the edit replaced it.</summary>
    public static async Task<IResult> Edits(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetMessageEditsQuery(id), ct));

    /// <summary>The replies of the thread this message starts, ascending; deleted replies are left out.</summary>
    /// <param name="id">The thread's root message.</param>
    /// <param name="after">A seq: replies above it (the previous page's <c>nextCursor</c>).</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Thread(Guid id, long? after, int? limit, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetThreadQuery(id, after, limit), ct));

    /// <summary>Reacts with an emoji; reacting twice with the same one changes nothing.</summary>
    /// <response code="204">Done.</response>
    /// <response code="409"><c>too_many_reactions</c> (20 different emoji per message) or <c>message_deleted</c>.</response>
    /// <response code="422">Not an emoji (1–32 characters, no spaces).</response>
    public static async Task<IResult> React(Guid id, ReactionBody body, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new AddReactionCommand(id, body.Emoji ?? string.Empty), ct);
        return Results.NoContent();
    }

    /// <summary>Takes back the caller's reaction with an emoji (URL-encoded in the path).</summary>
    /// <response code="204">Done (also when there was none).</response>
    public static async Task<IResult> Unreact(Guid id, string emoji, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RemoveReactionCommand(id, emoji), ct);
        return Results.NoContent();
    }

    /// <summary>Marks the conversation read up to this message (the marker only moves forward).</summary>
    /// <response code="204">Done.</response>
    public static async Task<IResult> MarkRead(Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new MarkMessageReadCommand(id), ct);
        return Results.NoContent();
    }

    /// <summary>JSON body of POST /conversations/{id}/messages; <c>attachmentIds</c> are ids from POST /attachments.</summary>
    public sealed record SendMessageBody(string? Content, string? ClientMessageId, Guid? ReplyToId, IReadOnlyList<Guid>? AttachmentIds);

    /// <summary>Body of PATCH /messages/{id}.</summary>
    public sealed record EditMessageBody(string? Content);

    /// <summary>Body of POST /messages/{id}/reactions.</summary>
    public sealed record ReactionBody(string? Emoji);
}

using Chat.Application.Common.Paging;
using Chat.Application.Features.Messages;
using Chat.Application.Features.Messages.SendDirectMessage;
using Chat.Application.Features.Users;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Users.DeleteAccount;
using Chat.Application.Features.Users.DownloadAccountExport;
using Chat.Application.Features.Users.ExportAccount;
using Chat.Application.Features.Users.GetAccountExport;
using Chat.Application.Features.Users.GetCurrentUser;
using Chat.Application.Features.Users.GetUser;
using Chat.Application.Features.Users.RequestAccountExport;
using Chat.Application.Features.Users.SearchUsers;
using Chat.Application.Features.Users.UpdateCurrentUser;
using Chat.Api.Infrastructure;
using Chat.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Chat.Api.Endpoints;

/// <summary>Profiles and user search (rest.md "Users").</summary>
public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization();
        group.MapGet("/me", GetMe).Produces<UserProfileDto>().ProducesProblems(401);
        group.MapPatch("/me", UpdateMe).Produces<UserProfileDto>().ProducesProblems(400, 401, 422);
        group.MapGet("/me/export", ExportMe).Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .Produces<AccountExportDto>(StatusCodes.Status202Accepted).ProducesProblems(401, 422).NoStore();
        group.MapGet("/me/exports/{id:guid}", GetExport).Produces<AccountExportDto>().ProducesProblems(401, 404).NoStore();
        group.MapGet("/me/exports/{id:guid}/download", DownloadExport).Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblems(401, 404, 409, 410).NoStore();
        group.MapDelete("/me", DeleteMe).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 409, 422, 429);
        group.MapGet("/", Search).Produces<CursorPage<UserSummaryDto>>().ProducesProblems(400, 401, 422);
        group.MapGet("/{id:guid}", GetById).Produces<UserProfileDto>().ProducesProblems(401, 404);
        group.MapPost("/{userId:guid}/messages", SendDirect).WithTags("Messages")
            .Produces<MessageDto>(StatusCodes.Status201Created).Produces<MessageDto>().ProducesProblems(400, 401, 403, 404, 409, 422, 429);
    }

    /// <summary>The caller's profile, with their own presence.</summary>
    public static async Task<IResult> GetMe(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetCurrentUserQuery(), ct));

    /// <summary>Changes the caller's display name, avatar URL or bio. Omitted fields stay; an empty avatar or bio clears it.</summary>
    /// <response code="422"><c>validation_failed</c>: display name 1–100 characters, avatar an absolute http(s) URL, bio at most 500.</response>
    public static async Task<IResult> UpdateMe(UpdateCurrentUserCommand command, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(command, ct));

    /// <summary>
    /// Deletes the caller's account (rest.md "Deleting an account"): every login ends (tokens refused, sockets closed with
    /// 4001); profile, friendships, requests, blocks and memberships go; owned rooms and groups pass to another member
    /// (or are deleted when nobody else is in them); messages stay under the "deleted user" placeholder; the username is
    /// held for <c>Chat:Accounts:UsernameQuarantineDays</c> (default 30).
    /// </summary>
    /// <param name="body">The caller's password.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Deleted.</response>
    /// <response code="403"><c>invalid_credentials</c>: wrong password (counts toward the login lockout).</response>
    /// <response code="409"><c>last_admin</c>: the last enabled administrator cannot delete their account.</response>
    /// <response code="422"><c>validation_failed</c>: no password.</response>
    /// <response code="429"><c>rate_limited</c>: too many wrong passwords; see <c>Retry-After</c>.</response>
    public static async Task<IResult> DeleteMe([FromBody] DeleteAccountCommand body, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(body, ct);
        return Results.NoContent();
    }

    /// <summary>
    /// The caller's data as a ZIP archive (rest.md "Exporting one's data"): profile, friends and requests, blocks, rooms,
    /// conversations, every message they sent with its previous contents and attachments' metadata, and the attachments'
    /// bytes. An account with at most <c>Chat:Exports:DirectMaxMessages</c> (default 5,000) messages gets it in this
    /// answer (built into a temporary file under the data directory, never in memory, streamed, then deleted); a larger
    /// one, or any with <c>?mode=background</c> or <c>Prefer: respond-async</c>, gets a background export to poll.
    /// </summary>
    /// <param name="mode"><c>auto</c> (default) or <c>background</c>.</param>
    /// <param name="context">Injected.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="files">Injected.</param>
    /// <param name="configuration">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200"><c>application/zip</c>, as the attachment <c>chat-export-{username}-{yyyyMMdd}.zip</c>.</response>
    /// <response code="202">A background export (queued now, or the caller's one already pending or running); <c>Location</c> is where to poll it.</response>
    /// <response code="422"><c>validation_failed</c>: <c>mode</c> is neither <c>auto</c> nor <c>background</c>.</response>
    public static async Task<IResult> ExportMe(string? mode, HttpContext context, IMediator mediator, IExportFileStore files, IConfiguration configuration, CancellationToken ct)
    {
        if (mode is not (null or "auto" or "background"))
        {
            throw new Chat.Application.Common.Exceptions.RequestValidationException(new Dictionary<string, string[]> { ["mode"] = ["Use auto or background."] });
        }

        // RFC 7240: Prefer: respond-async asks for the background form, and the answer says it was honoured.
        var preferAsync = context.Request.Headers["Prefer"].Any(p => p is not null && p.Split(',').Any(v => v.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)));
        var request = await mediator.Send(new RequestAccountExportCommand(mode == "background" || preferAsync), ct);
        if (request.Job is { } job)
        {
            if (preferAsync)
            {
                context.Response.Headers["Preference-Applied"] = "respond-async";
            }

            return Results.Accepted($"/api/v1/users/me/exports/{job.Id}", job);
        }

        var directory = Path.Combine(ChatPaths.DataDirectory(configuration), "exports");
        Directory.CreateDirectory(directory);
        // A crash between writing and sending leaves a file behind: anything older than an hour is abandoned.
        files.RemoveStrayFiles(DateTime.UtcNow - AccountExportJobs.StrayFileAge);
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.zip");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await mediator.Send(new ExportAccountCommand(file), ct);
            }

            // Deleted when the response is done with it (or the client goes away).
            var archive = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            var profile = await mediator.Send(new GetCurrentUserQuery(), ct);
            return Results.File(archive, "application/zip", $"chat-export-{profile.Username}-{DateTime.UtcNow:yyyyMMdd}.zip");
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>One of the caller's background exports: its status, and once ready its size, expiry and download link.</summary>
    /// <param name="id">The export's id.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200">The export; <c>status</c> is <c>pending</c>, <c>running</c>, <c>ready</c>, <c>failed</c> or <c>expired</c>.</response>
    /// <response code="404"><c>not_found</c>: no such export of the caller's (someone else's answers the same).</response>
    public static async Task<IResult> GetExport(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetAccountExportQuery(id), ct));

    /// <summary>The archive of one of the caller's ready background exports, until its <c>expiresAt</c> (<c>Chat:Exports:LinkLifetime</c>, default 24 h).</summary>
    /// <param name="id">The export's id.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200"><c>application/zip</c>, as the attachment <c>chat-export-{username}-{yyyyMMdd}.zip</c>; the same entries as the direct export.</response>
    /// <response code="404"><c>not_found</c>: no such export of the caller's (someone else's answers the same).</response>
    /// <response code="409"><c>export_not_ready</c> (pending or running) or <c>export_failed</c>.</response>
    /// <response code="410"><c>export_expired</c>: the link's lifetime is over and the archive is deleted; ask for a new export.</response>
    public static async Task<IResult> DownloadExport(Guid id, IMediator mediator, CancellationToken ct)
    {
        var download = await mediator.Send(new DownloadAccountExportCommand(id), ct);
        return Results.File(download.Content, "application/zip", download.FileName);
    }

    /// <summary>Users whose username or display name starts with <c>search</c> (case-insensitive), ordered by username.</summary>
    /// <param name="search">Prefix to match; empty lists everyone.</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Search(string? search, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new SearchUsersQuery(search, limit, cursor), ct));

    /// <summary>Sends a message to a person: opens the direct conversation with them (or reuses it) and sends into it.</summary>
    /// <remarks>
    /// The same rules as opening the direct conversation and then sending into it: only friends unless
    /// <c>Chat:DirectMessages:RequireFriendship</c> is off, no block either way, content 1–4000 characters, the
    /// <c>SendMessage</c> rate limit. A retry with the same <c>clientMessageId</c> answers 200 with the stored message. The
    /// message's <c>conversationId</c> names the conversation; a new one is announced with <c>conversation_created</c>.
    /// </remarks>
    /// <param name="userId">The recipient.</param>
    /// <param name="body">The message.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="201">Stored (<c>Location</c> is the message).</response>
    /// <response code="200">A retry: the message that <c>clientMessageId</c> already stored.</response>
    /// <response code="400"><c>cannot_message_self</c>.</response>
    /// <response code="403"><c>blocked</c> (either way) or <c>not_friends</c>.</response>
    /// <response code="404"><c>not_found</c>: no such user.</response>
    /// <response code="409"><c>message_deleted</c>: the message replied to was deleted.</response>
    /// <response code="422"><c>validation_failed</c> (content length, blank <c>clientMessageId</c>).</response>
    /// <response code="429"><c>rate_limited</c>: sending too fast; see <c>Retry-After</c>.</response>
    public static async Task<IResult> SendDirect(Guid userId, MessageEndpoints.SendMessageBody body, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(new SendDirectMessageCommand(userId, body.Content, body.ClientMessageId, body.ReplyToId), ct);
        return result.Created ? Results.Created($"/api/v1/messages/{result.Message.Id}", result.Message) : Results.Ok(result.Message);
    }

    /// <summary>A user's profile; presence is included only for friends.</summary>
    /// <response code="404">No such user.</response>
    public static async Task<IResult> GetById(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetUserQuery(id), ct));
}

using Chat.Application.Common.Paging;
using Chat.Application.Features.Admin.BanFromRoom;
using Chat.Application.Features.Admin.DeleteAnyMessage;
using Chat.Application.Features.Admin.DeleteAnyRoom;
using Chat.Application.Features.Admin.DeleteUser;
using Chat.Application.Features.Admin.GetAuditLog;
using Chat.Application.Features.Admin.GetServerStats;
using Chat.Application.Features.Admin.GetUsers;
using Chat.Application.Features.Admin.ManageUser;
using Chat.Application.Features.Admin.ResetPassword;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>
/// Operator endpoints (rest.md "Administration"); administrators only: anyone else gets 403 <c>forbidden</c>. Every
/// action is written to the audit log (who, what, target, when, reason, client address) in its own transaction.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization();
        group.MapGet("/stats", GetStats).Produces<ServerStatsDto>().ProducesProblems(401, 403);
        group.MapGet("/users", Users).Produces<CursorPage<AdminUserDto>>().ProducesProblems(400, 401, 403, 422);
        group.MapPost("/users/{id:guid}/disable", DisableUser).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 422);
        group.MapPost("/users/{id:guid}/enable", EnableUser).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 422);
        group.MapPost("/users/{id:guid}/password-reset", ResetPassword).Produces<TemporaryPasswordDto>().ProducesProblems(400, 401, 403, 404, 422);
        group.MapPost("/users/{id:guid}/admin", GrantAdmin).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 422);
        group.MapDelete("/users/{id:guid}/admin", RevokeAdmin).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 409, 422);
        group.MapDelete("/users/{id:guid}", DeleteUser).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 409, 422);
        group.MapGet("/audit", Audit).Produces<CursorPage<AuditRecordDto>>().ProducesProblems(400, 401, 403, 422);
        group.MapDelete("/messages/{id:guid}", DeleteMessage).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 422);
        group.MapDelete("/rooms/{id:guid}", DeleteRoom).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 422);
        group.MapPost("/rooms/{id:guid}/bans", BanFromRoom).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 422);
    }

    /// <summary>Every account, by username: id, username, display name, created, last seen.</summary>
    /// <param name="search">Keeps accounts whose username or display name starts with it (case-insensitive).</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200"><c>{ items: [{ id, username, displayName, createdAt, lastSeenAt }], nextCursor }</c>.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    public static async Task<IResult> Users(string? search, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetUsersQuery(search, limit, cursor), ct));

    /// <summary>Disables an account (a global ban): it cannot sign in (403 <c>account_disabled</c>) and every login ends at once.</summary>
    /// <param name="id">The account.</param>
    /// <param name="body"><c>{ reason? }</c> (optional body).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Disabled: its tokens are refused and its sockets closed (4001) within 5 s; audited.</response>
    /// <response code="400"><c>cannot_target_self</c>.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such account.</response>
    public static Task<IResult> DisableUser(Guid id, ReasonRequest? body, IMediator mediator, CancellationToken ct) =>
        ManageAsync(mediator, new ManageUserCommand(id, UserAdminAction.Disable, body?.Reason), ct);

    /// <summary>Enables a disabled account (enabling an enabled one changes nothing).</summary>
    /// <param name="id">The account.</param>
    /// <param name="body"><c>{ reason? }</c> (optional body).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Enabled; audited.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such account.</response>
    public static Task<IResult> EnableUser(Guid id, ReasonRequest? body, IMediator mediator, CancellationToken ct) =>
        ManageAsync(mediator, new ManageUserCommand(id, UserAdminAction.Enable, body?.Reason), ct);

    /// <summary>Resets an account's password to a one-time temporary password and ends every login of the account.</summary>
    /// <param name="id">The account.</param>
    /// <param name="body"><c>{ reason? }</c> (optional body).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200"><c>{ temporaryPassword }</c>, shown once; audited (without the password).</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such account.</response>
    public static async Task<IResult> ResetPassword(Guid id, ReasonRequest? body, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new ResetPasswordCommand(id, body?.Reason), ct));

    /// <summary>Grants the global admin role (the account's next access token carries it).</summary>
    /// <param name="id">The account.</param>
    /// <param name="body"><c>{ reason? }</c> (optional body).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Granted; audited.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such account.</response>
    public static Task<IResult> GrantAdmin(Guid id, ReasonRequest? body, IMediator mediator, CancellationToken ct) =>
        ManageAsync(mediator, new ManageUserCommand(id, UserAdminAction.GrantAdmin, body?.Reason), ct);

    /// <summary>Revokes the global admin role and ends the account's logins (no token keeps the role); never the last administrator's.</summary>
    /// <param name="id">The account.</param>
    /// <param name="reason">Why, for the audit log (at most 500 characters).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Revoked; audited.</response>
    /// <response code="400"><c>cannot_target_self</c>.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such account.</response>
    /// <response code="409"><c>last_admin</c>: no other enabled administrator would remain.</response>
    public static Task<IResult> RevokeAdmin(Guid id, string? reason, IMediator mediator, CancellationToken ct) =>
        ManageAsync(mediator, new ManageUserCommand(id, UserAdminAction.RevokeAdmin, reason), ct);

    /// <summary>
    /// Deletes an account exactly as its owner's <c>DELETE /users/me</c> would, without its password (rest.md "Deleting an
    /// account"): every login ends, its messages stay under the "deleted user" placeholder.
    /// </summary>
    /// <param name="id">The account.</param>
    /// <param name="reason">Why, for the audit log (at most 500 characters).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Deleted; audited as <c>user.delete</c>.</response>
    /// <response code="400"><c>cannot_target_self</c>: use <c>DELETE /users/me</c>.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such account (or already deleted).</response>
    /// <response code="409"><c>last_admin</c>: no other enabled administrator would remain.</response>
    public static async Task<IResult> DeleteUser(Guid id, string? reason, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteUserCommand(id, reason), ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ManageAsync(IMediator mediator, ManageUserCommand command, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return Results.NoContent();
    }

    /// <summary>An optional reason for the audit log.</summary>
    public sealed record ReasonRequest(string? Reason);

    /// <summary>The audit log of administrative actions, newest first, optionally filtered.</summary>
    /// <param name="action">Only this action (<c>message.delete</c>, <c>room.delete</c>, <c>room.ban</c>, …).</param>
    /// <param name="actorId">Only actions of this administrator.</param>
    /// <param name="targetId">Only actions on this target (a user, message or room id).</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200"><c>{ items: [{ id, actorId, actorUsername, action, targetType, targetId, reason, clientAddress, createdAt }], nextCursor }</c>.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    public static async Task<IResult> Audit(string? action, Guid? actorId, string? targetId, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetAuditLogQuery(action, actorId, targetId, limit, cursor), ct));

    /// <summary>Deletes any message (a tombstone, as a moderator's delete; participants get <c>message_deleted</c>).</summary>
    /// <param name="id">The message.</param>
    /// <param name="reason">Why, for the audit log (at most 500 characters).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Deleted (or already deleted); audited.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such message.</response>
    public static async Task<IResult> DeleteMessage(Guid id, string? reason, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteAnyMessageCommand(id, reason), ct);
        return Results.NoContent();
    }

    /// <summary>Deletes any room with its channels and their messages; its members get <c>room_deleted</c>.</summary>
    /// <param name="id">The room.</param>
    /// <param name="reason">Why, for the audit log (at most 500 characters).</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Deleted; audited.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator.</response>
    /// <response code="404"><c>not_found</c>: no such room.</response>
    public static async Task<IResult> DeleteRoom(Guid id, string? reason, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteAnyRoomCommand(id, reason), ct);
        return Results.NoContent();
    }

    /// <summary>Bans a user from any room without being its member (anyone but the owner); banning again changes nothing.</summary>
    /// <param name="id">The room.</param>
    /// <param name="body"><c>{ userId, reason? }</c>.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="204">Banned; a member gets <c>member_left</c> (reason <c>banned</c>); audited.</response>
    /// <response code="403"><c>forbidden</c>: not an administrator; <c>role_too_low</c>: the user owns the room.</response>
    /// <response code="404"><c>not_found</c>: no such room or user.</response>
    public static async Task<IResult> BanFromRoom(Guid id, RoomEndpoints.BanRequest body, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new BanFromRoomCommand(id, body.UserId, body.Reason), ct);
        return Results.NoContent();
    }

    /// <summary>This node's live numbers: open sockets, online users, chat messages per second, node name.</summary>
    /// <remarks><c>messagesPerSecond</c> counts messages published on this node, averaged over the last 10 seconds.</remarks>
    /// <response code="200"><c>{ connections, onlineUsers, messagesPerSecond, node }</c>.</response>
    /// <response code="403"><c>forbidden</c>: the caller is not an administrator (<c>Chat:Admins</c>).</response>
    public static async Task<IResult> GetStats(IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetServerStatsQuery(), ct));
}

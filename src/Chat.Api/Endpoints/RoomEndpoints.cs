using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Rooms;
using Chat.Application.Features.Rooms.AddRoomMember;
using Chat.Application.Features.Rooms.BanRoomUser;
using Chat.Application.Features.Rooms.ChangeRoomMemberRole;
using Chat.Application.Features.Rooms.CreateChannel;
using Chat.Application.Features.Rooms.CreateRoom;
using Chat.Application.Features.Rooms.CreateRoomInvite;
using Chat.Application.Features.Rooms.DeleteChannel;
using Chat.Application.Features.Rooms.DeleteRoom;
using Chat.Application.Features.Rooms.DiscoverRooms;
using Chat.Application.Features.Rooms.GetMyRooms;
using Chat.Application.Features.Rooms.GetRoom;
using Chat.Application.Features.Rooms.GetRoomBans;
using Chat.Application.Features.Rooms.GetRoomChannels;
using Chat.Application.Features.Rooms.GetRoomMembers;
using Chat.Application.Features.Rooms.JoinRoom;
using Chat.Application.Features.Rooms.KickRoomMember;
using Chat.Application.Features.Rooms.LeaveRoom;
using Chat.Application.Features.Rooms.TransferRoom;
using Chat.Application.Features.Rooms.UnbanRoomUser;
using Chat.Application.Features.Rooms.UpdateChannel;
using Chat.Application.Features.Rooms.UpdateRoom;
using Chat.Domain.Conversations;
using Chat.Domain.Rooms;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>
/// Rooms, their members, bans and invites (rest.md "Rooms"). Refusals: 404 <c>not_found</c> for a private room the caller
/// is not in, 403 <c>not_a_member</c> for a public one, 403 <c>role_too_low</c> when the caller's role is not enough,
/// 403 <c>banned</c>, 409 <c>already_member</c> and 409 <c>owner_must_transfer</c>.
/// </summary>
public static class RoomEndpoints
{
    public static void MapRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/rooms").WithTags("Rooms").RequireAuthorization();
        group.MapPost("/", Create).Produces<RoomDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 422);
        group.MapGet("/", Mine).Produces<CursorPage<RoomDto>>().ProducesProblems(400, 401, 422);
        group.MapGet("/discover", Discover).Produces<CursorPage<RoomDto>>().ProducesProblems(400, 401, 422);
        group.MapGet("/{id:guid}", Get).Produces<RoomDto>().ProducesProblems(401, 404);
        group.MapPatch("/{id:guid}", Update).Produces<RoomDto>().ProducesProblems(400, 401, 403, 404, 422);
        group.MapDelete("/{id:guid}", Delete).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
        group.MapPost("/{id:guid}/join", Join).Produces<RoomDto>().ProducesProblems(401, 403, 404, 409);
        group.MapPost("/{id:guid}/leave", Leave).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404, 409);
        group.MapPost("/{id:guid}/transfer", Transfer).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 422);
        group.MapGet("/{id:guid}/members", Members).Produces<CursorPage<RoomMemberDto>>().ProducesProblems(400, 401, 403, 404, 422);
        group.MapPost("/{id:guid}/members", AddMember).Produces<RoomMemberDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 403, 404, 409, 422);
        group.MapPatch("/{id:guid}/members/{userId:guid}", ChangeRole).Produces<RoomMemberDto>().ProducesProblems(400, 401, 403, 404, 422);
        group.MapDelete("/{id:guid}/members/{userId:guid}", Kick).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
        group.MapGet("/{id:guid}/bans", Bans).Produces<CursorPage<RoomBanDto>>().ProducesProblems(400, 401, 403, 404, 422);
        group.MapPost("/{id:guid}/bans", Ban).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 422);
        group.MapDelete("/{id:guid}/bans/{userId:guid}", Unban).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
        group.MapGet("/{id:guid}/channels", Channels).Produces<CursorPage<ConversationDto>>().ProducesProblems(401, 403, 404);
        group.MapPost("/{id:guid}/channels", CreateChannel).Produces<ConversationDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 403, 404, 422);
        group.MapPatch("/{id:guid}/channels/{channelId:guid}", UpdateChannel).Produces<ConversationDto>().ProducesProblems(400, 401, 403, 404, 422);
        group.MapDelete("/{id:guid}/channels/{channelId:guid}", DeleteChannel).Produces(StatusCodes.Status204NoContent).ProducesProblems(401, 403, 404);
        group.MapPost("/{id:guid}/invites", CreateInvite).Produces<InviteDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 403, 404, 422);
    }

    /// <summary>Creates a room; the caller is its owner.</summary>
    /// <remarks>Name 1–100 characters, description at most 1000, icon an absolute http(s) URL.</remarks>
    /// <response code="201">The new room.</response>
    /// <response code="422"><c>validation_failed</c>, with <c>errors</c> per field.</response>
    public static async Task<IResult> Create(CreateRoomCommand command, IMediator mediator, CancellationToken ct)
    {
        var room = await mediator.Send(command, ct);
        return Results.Created($"/api/v1/rooms/{room.Id}", room);
    }

    /// <summary>The rooms the caller belongs to, by name.</summary>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Mine(int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetMyRoomsQuery(limit, cursor), ct));

    /// <summary>Public rooms whose name starts with <c>search</c> (case-insensitive), by name.</summary>
    /// <param name="search">Name prefix; empty lists every public room.</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Discover(string? search, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new DiscoverRoomsQuery(search, limit, cursor), ct));

    /// <summary>A room: for its members, or anyone when it is public.</summary>
    /// <response code="404"><c>not_found</c>: no such room, or a private room the caller is not in.</response>
    public static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetRoomQuery(id), ct));

    /// <summary>Changes the room's name, description, icon or visibility (admin+). Omitted fields stay; an empty description or icon clears it.</summary>
    /// <response code="403"><c>role_too_low</c>, or <c>not_a_member</c> of a public room.</response>
    /// <response code="404"><c>not_found</c>.</response>
    public static async Task<IResult> Update(Guid id, UpdateRoomRequest body, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new UpdateRoomCommand(id, body.Name, body.Description, body.IconUrl, body.IsPublic), ct));

    /// <summary>Deletes the room with its channels and messages (owner only).</summary>
    /// <response code="204">Deleted; members get <c>room_deleted</c>.</response>
    /// <response code="403"><c>role_too_low</c> or <c>not_a_member</c>.</response>
    public static async Task<IResult> Delete(Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteRoomCommand(id), ct);
        return Results.NoContent();
    }

    /// <summary>Joins a public room.</summary>
    /// <response code="200">The room, with <c>myRole: member</c>.</response>
    /// <response code="403"><c>banned</c>.</response>
    /// <response code="404"><c>not_found</c>: no such room, or a private one (join those through an invite).</response>
    /// <response code="409"><c>already_member</c>.</response>
    public static async Task<IResult> Join(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new JoinRoomCommand(id), ct));

    /// <summary>Leaves a room.</summary>
    /// <response code="204">Left; the members get <c>member_left</c>.</response>
    /// <response code="409"><c>owner_must_transfer</c>: the owner must hand the room over first.</response>
    public static async Task<IResult> Leave(Guid id, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new LeaveRoomCommand(id), ct);
        return Results.NoContent();
    }

    /// <summary>Hands the room to another member (owner only); the previous owner becomes an admin.</summary>
    /// <response code="400"><c>bad_request</c>: transferring to yourself.</response>
    /// <response code="404"><c>not_found</c>: the user is not a member.</response>
    public static async Task<IResult> Transfer(Guid id, UserIdRequest body, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new TransferRoomCommand(id, body.UserId), ct);
        return Results.NoContent();
    }

    /// <summary>The room's members in join order (members only), optionally those whose name starts with <c>search</c>.</summary>
    /// <param name="id">The room.</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="search">Keeps members whose username or display name starts with it (case-insensitive, at most 100 characters); for @mention completion.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Members(Guid id, int? limit, string? cursor, string? search, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetRoomMembersQuery(id, limit, cursor, search), ct));

    /// <summary>Adds a user as a member (admin+).</summary>
    /// <response code="201">The new membership.</response>
    /// <response code="403"><c>role_too_low</c>, <c>not_a_member</c>, or <c>banned</c> when the user is banned (lift the ban first).</response>
    /// <response code="404"><c>not_found</c>: no such room or user.</response>
    /// <response code="409"><c>already_member</c>.</response>
    public static async Task<IResult> AddMember(Guid id, UserIdRequest body, IMediator mediator, CancellationToken ct)
    {
        var member = await mediator.Send(new AddRoomMemberCommand(id, body.UserId), ct);
        return Results.Created($"/api/v1/rooms/{id}/members/{member.User.Id}", member);
    }

    /// <summary>Changes a member's role: the owner sets admin, moderator or member on anyone else; an admin sets moderator or member on members below admin.</summary>
    /// <response code="403"><c>role_too_low</c>.</response>
    /// <response code="404"><c>not_found</c>: the user is not a member.</response>
    /// <response code="422"><c>validation_failed</c>: role must be admin, moderator or member (ownership moves with a transfer).</response>
    public static async Task<IResult> ChangeRole(Guid id, Guid userId, ChangeRoleRequest body, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new ChangeRoomMemberRoleCommand(id, userId, body.Role), ct));

    /// <summary>Kicks a member of a lower role (moderator+). They may join again.</summary>
    /// <response code="204">Kicked; they get <c>member_left</c> (reason <c>kicked</c>) and no room event after it.</response>
    /// <response code="403"><c>role_too_low</c>: the target's role is not below yours.</response>
    /// <response code="404"><c>not_found</c>: the user is not a member.</response>
    public static async Task<IResult> Kick(Guid id, Guid userId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new KickRoomMemberCommand(id, userId), ct);
        return Results.NoContent();
    }

    /// <summary>The room's bans, oldest first (moderator+).</summary>
    /// <param name="id">The room.</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    public static async Task<IResult> Bans(Guid id, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetRoomBansQuery(id, limit, cursor), ct));

    /// <summary>Bans a user (moderator+; a member must be of a lower role). A member loses the membership; banning again changes nothing.</summary>
    /// <response code="204">Banned; a member gets <c>member_left</c> (reason <c>banned</c>) and no room event after it.</response>
    /// <response code="403"><c>role_too_low</c>.</response>
    /// <response code="404"><c>not_found</c>: no such room or user.</response>
    public static async Task<IResult> Ban(Guid id, BanRequest body, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new BanRoomUserCommand(id, body.UserId, body.Reason), ct);
        return Results.NoContent();
    }

    /// <summary>Lifts a ban (moderator+).</summary>
    /// <response code="404"><c>not_found</c>: the user is not banned.</response>
    public static async Task<IResult> Unban(Guid id, Guid userId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new UnbanRoomUserCommand(id, userId), ct);
        return Results.NoContent();
    }

    /// <summary>The room's channels ordered by position (members only): Conversations of kind <c>channel</c> with the caller's unread counts.</summary>
    /// <response code="200"><c>{ items, nextCursor: null }</c> — all channels, one page.</response>
    /// <response code="403"><c>not_a_member</c> of a public room.</response>
    /// <response code="404"><c>not_found</c>: no such room, or a private room the caller is not in.</response>
    public static async Task<IResult> Channels(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetRoomChannelsQuery(id), ct));

    /// <summary>Adds a channel (admin+): <c>text</c> carries messages, <c>voice</c> does not. Without a position it goes last.</summary>
    /// <remarks>Name 1–100 characters, topic at most 1000, position zero or more. Every member can read and write a new text channel at once.</remarks>
    /// <response code="201">The channel, a Conversation of kind <c>channel</c>; members get <c>channel_created</c>.</response>
    /// <response code="400"><c>bad_request</c>: a type other than text or voice.</response>
    /// <response code="403"><c>role_too_low</c> or <c>not_a_member</c>.</response>
    /// <response code="422"><c>validation_failed</c>.</response>
    public static async Task<IResult> CreateChannel(Guid id, CreateChannelRequest body, IMediator mediator, CancellationToken ct)
    {
        var channel = await mediator.Send(new CreateChannelCommand(id, body.Name, body.Type, body.Topic, body.Position), ct);
        return Results.Created($"/api/v1/conversations/{channel.Id}", channel);
    }

    /// <summary>Renames, re-topics or moves a channel (admin+). Omitted fields stay; an empty topic clears it. Other channels keep their positions (ties order by id).</summary>
    /// <response code="403"><c>role_too_low</c> or <c>not_a_member</c>.</response>
    /// <response code="404"><c>not_found</c>: no such room or channel.</response>
    public static async Task<IResult> UpdateChannel(Guid id, Guid channelId, UpdateChannelRequest body, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new UpdateChannelCommand(id, channelId, body.Name, body.Topic, body.Position), ct));

    /// <summary>Deletes a channel and all its messages (admin+).</summary>
    /// <response code="204">Deleted; members get <c>channel_deleted</c>.</response>
    /// <response code="403"><c>role_too_low</c> or <c>not_a_member</c>.</response>
    /// <response code="404"><c>not_found</c>: no such room or channel.</response>
    public static async Task<IResult> DeleteChannel(Guid id, Guid channelId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteChannelCommand(id, channelId), ct);
        return Results.NoContent();
    }

    /// <summary>Makes an invite link (moderator+, or any member of a public room). Without limits it never expires and has unlimited uses.</summary>
    /// <remarks><c>maxUses</c> 1–10000; <c>expiresInSeconds</c> 1–2592000 (30 days).</remarks>
    /// <response code="201">The invite; share its <c>url</c> (<c>/invites/{code}</c>).</response>
    /// <response code="403"><c>role_too_low</c> (members of a private room) or <c>not_a_member</c>.</response>
    public static async Task<IResult> CreateInvite(Guid id, CreateInviteRequest? body, IMediator mediator, CancellationToken ct)
    {
        var invite = await mediator.Send(new CreateRoomInviteCommand(id, body?.MaxUses, body?.ExpiresInSeconds), ct);
        return Results.Created($"/api/v1{invite.Url}", invite);
    }

    /// <summary>Body of PATCH /rooms/{id}: every field optional.</summary>
    public sealed record UpdateRoomRequest(string? Name, string? Description, string? IconUrl, bool? IsPublic);

    /// <summary>A body naming one user.</summary>
    public sealed record UserIdRequest(Guid UserId);

    /// <summary>Body of PATCH /rooms/{id}/members/{userId}.</summary>
    public sealed record ChangeRoleRequest(RoomRole? Role);

    /// <summary>Body of POST /rooms/{id}/bans.</summary>
    public sealed record BanRequest(Guid UserId, string? Reason);

    /// <summary>Body of POST /rooms/{id}/channels.</summary>
    public sealed record CreateChannelRequest(string Name, ChannelType? Type, string? Topic, int? Position);

    /// <summary>Body of PATCH /rooms/{id}/channels/{channelId}: every field optional.</summary>
    public sealed record UpdateChannelRequest(string? Name, string? Topic, int? Position);

    /// <summary>Body of POST /rooms/{id}/invites.</summary>
    public sealed record CreateInviteRequest(int? MaxUses, int? ExpiresInSeconds);
}

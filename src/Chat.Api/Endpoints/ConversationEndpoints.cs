using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using Chat.Application.Features.Conversations.AddMembers;
using Chat.Application.Features.Conversations.CreateDirectConversation;
using Chat.Application.Features.Conversations.CreateGroupConversation;
using Chat.Application.Features.Conversations.GetConversation;
using Chat.Application.Features.Conversations.GetConversations;
using Chat.Application.Features.Conversations.MarkConversationRead;
using Chat.Application.Features.Conversations.RemoveMember;
using Chat.Application.Features.Conversations.UpdateConversation;
using Chat.Domain.Conversations;
using MediatR;

namespace Chat.Api.Endpoints;

/// <summary>Direct and group conversations, their members and read markers (rest.md "Conversations").</summary>
public static class ConversationEndpoints
{
    public static void MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/conversations").WithTags("Conversations").RequireAuthorization();
        group.MapPost("/direct", CreateDirect)
            .Produces<ConversationDto>(StatusCodes.Status201Created).Produces<ConversationDto>().ProducesProblems(400, 401, 403, 404, 422, 429);
        group.MapPost("/group", CreateGroup)
            .Produces<ConversationDto>(StatusCodes.Status201Created).ProducesProblems(400, 401, 403, 404, 422, 429);
        group.MapGet("/", List).Produces<CursorPage<ConversationDto>>().ProducesProblems(400, 401, 422);
        group.MapGet("/{id:guid}", Get).Produces<ConversationDto>().ProducesProblems(401, 403, 404);
        group.MapPatch("/{id:guid}", Update).Produces<ConversationDto>().ProducesProblems(400, 401, 403, 404, 422);
        group.MapPost("/{id:guid}/members", AddMembers).Produces<ConversationDto>().ProducesProblems(400, 401, 403, 404, 409, 422);
        group.MapDelete("/{id:guid}/members/{userId:guid}", RemoveMember).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404);
        group.MapPost("/{id:guid}/read", MarkRead).Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 404, 422);
    }

    /// <summary>The direct conversation with a user: created on first call (201), the same one afterwards (200).</summary>
    /// <remarks>
    /// Exactly one direct conversation exists per pair of users, even when both start it at once. Unless
    /// <c>Chat:DirectMessages:RequireFriendship</c> is false, only friends can start one.
    /// </remarks>
    /// <response code="201">Created; the caller and the user are its participants.</response>
    /// <response code="200">It already existed.</response>
    /// <response code="400"><c>cannot_message_self</c>: the user is the caller.</response>
    /// <response code="403"><c>not_friends</c>, or <c>blocked</c> (either way).</response>
    /// <response code="404">No such user.</response>
    /// <response code="429">Too many conversations created; see <c>Retry-After</c>.</response>
    public static async Task<IResult> CreateDirect(CreateDirectConversationCommand command, IMediator mediator, CancellationToken ct)
    {
        var result = await mediator.Send(command, ct);
        return result.Created
            ? Results.Created($"/api/v1/conversations/{result.Conversation.Id}", result.Conversation)
            : Results.Ok(result.Conversation);
    }

    /// <summary>A group conversation with the caller as owner.</summary>
    /// <remarks>Title 1–100 characters; members must be the caller's friends; at most 256 members, the owner included.</remarks>
    /// <response code="201">Created.</response>
    /// <response code="403"><c>not_friends</c>: a member is not the caller's friend.</response>
    /// <response code="404">No such user among the members.</response>
    /// <response code="422"><c>validation_failed</c>.</response>
    /// <response code="429">Too many conversations created; see <c>Retry-After</c>.</response>
    public static async Task<IResult> CreateGroup(CreateGroupConversationCommand command, IMediator mediator, CancellationToken ct)
    {
        var conversation = await mediator.Send(command, ct);
        return Results.Created($"/api/v1/conversations/{conversation.Id}", conversation);
    }

    /// <summary>The caller's conversations, newest activity first, each with its last message, unread count and participants.</summary>
    /// <param name="kind"><c>direct</c>, <c>group</c> or <c>channel</c>; without it, direct and group conversations.</param>
    /// <param name="search">Matches the title or a participant's username or display name (case-insensitive).</param>
    /// <param name="limit">Page size, 1–100 (default 50).</param>
    /// <param name="cursor">The <c>nextCursor</c> of the previous page.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="400">An unknown <c>kind</c> or a bad cursor.</response>
    public static async Task<IResult> List(string? kind, string? search, int? limit, string? cursor, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetConversationsQuery(ParseKind(kind), search, limit, cursor), ct));

    /// <summary>One conversation, as the caller sees it.</summary>
    /// <response code="403"><c>not_a_participant</c>.</response>
    /// <response code="404">No such conversation.</response>
    public static async Task<IResult> Get(Guid id, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new GetConversationQuery(id), ct));

    /// <summary>Renames a group or sets its topic (owner only). Omitted fields stay; an empty topic clears it.</summary>
    /// <response code="400"><c>not_a_group</c>: direct conversations have no title.</response>
    /// <response code="403"><c>not_owner</c> or <c>not_a_participant</c>.</response>
    public static async Task<IResult> Update(Guid id, ConversationDetailsBody body, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new UpdateConversationCommand(id, body.Title, body.Topic), ct));

    /// <summary>Adds the caller's friends to a group (owner only); users already in it are skipped.</summary>
    /// <response code="200">The conversation with its new members.</response>
    /// <response code="400"><c>not_a_group</c>.</response>
    /// <response code="403"><c>not_owner</c>, <c>not_friends</c> or <c>not_a_participant</c>.</response>
    /// <response code="409"><c>too_many_members</c>: a group holds at most 256.</response>
    public static async Task<IResult> AddMembers(Guid id, MembersBody body, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(new AddMembersCommand(id, body.UserIds), ct));

    /// <summary>Removes a member: the owner removes anyone, anyone removes themself (leaves).</summary>
    /// <remarks>When the owner leaves, the longest-standing member becomes owner.</remarks>
    /// <response code="204">Done.</response>
    /// <response code="400"><c>not_a_group</c>.</response>
    /// <response code="403"><c>not_owner</c> or <c>not_a_participant</c>.</response>
    /// <response code="404">No such conversation, or the user is not a member.</response>
    public static async Task<IResult> RemoveMember(Guid id, Guid userId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RemoveMemberCommand(id, userId), ct);
        return Results.NoContent();
    }

    /// <summary>Moves the caller's read marker forward to <c>seq</c>, or to the seq of <c>messageId</c>; never backwards.</summary>
    /// <remarks>The other participants hear <c>message_read</c>.</remarks>
    /// <response code="204">Done (also when the marker was already there).</response>
    /// <response code="422">Neither or both of seq and messageId, or a message of another conversation.</response>
    public static async Task<IResult> MarkRead(Guid id, ReadMarkerBody body, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new MarkConversationReadCommand(id, body.Seq, body.MessageId), ct);
        return Results.NoContent();
    }

    // Enums are lower-case on the wire ("direct"); the framework's enum binding is case-sensitive, so parse here.
    private static ConversationKind? ParseKind(string? kind) =>
        string.IsNullOrEmpty(kind) ? null
        : Enum.TryParse<ConversationKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(kind[0]) ? parsed
        : throw new BadRequestException("kind must be direct, group or channel.");

    /// <summary>Body of PATCH /conversations/{id}.</summary>
    public sealed record ConversationDetailsBody(string? Title, string? Topic);

    /// <summary>Body of POST /conversations/{id}/members.</summary>
    public sealed record MembersBody(IReadOnlyList<Guid>? UserIds);

    /// <summary>Body of POST /conversations/{id}/read: <c>seq</c> or <c>messageId</c>.</summary>
    public sealed record ReadMarkerBody(long? Seq, Guid? MessageId);
}

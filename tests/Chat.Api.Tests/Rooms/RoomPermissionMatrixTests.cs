using System.Net;
using System.Net.Http.Json;
using Chat.Api.Tests.Infrastructure;
using Chat.Domain.Rooms;

namespace Chat.Api.Tests.Rooms;

/// <summary>Who the caller is in the room of a matrix cell.</summary>
public enum Actor
{
    Owner,
    Admin,
    Moderator,
    Member,
    Outsider,
    Banned,
}

/// <summary>The room endpoints the matrix calls.</summary>
public enum Call
{
    GetRoom,
    UpdateRoom,
    DeleteRoom,
    Join,
    Leave,
    Transfer,
    ListMembers,
    AddMember,
    ChangeRole,
    Kick,
    Ban,
    Unban,
    ListBans,
    CreateInvite,
    PreviewInvite,
    AcceptInvite,
    ListChannels,
    CreateChannel,
    UpdateChannel,
    DeleteChannel,
    SendMessage,
    DeleteOthersMessage,
}

/// <summary>One API host and the cast of users every matrix cell reuses (each cell gets a room of its own).</summary>
public sealed class RoomMatrixFixture : IAsyncLifetime
{
    public RoomsApiFactory Factory { get; private set; } = null!;

    public Dictionary<Actor, TestUser> Actors { get; } = [];

    /// <summary>A plain member that kicks, bans, role changes and transfers aim at.</summary>
    public TestUser Target { get; private set; } = null!;

    /// <summary>A user who is not in the room, for "add member".</summary>
    public TestUser Newcomer { get; private set; } = null!;

    /// <summary>A banned user, for "unban".</summary>
    public TestUser Prebanned { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = await RoomsApiFactory.CreateRoomsAsync();
        foreach (var actor in Enum.GetValues<Actor>())
        {
            Actors[actor] = await Factory.RegisterUserAsync(actor.ToString().ToLowerInvariant());
        }

        Target = await Factory.RegisterUserAsync("target");
        Newcomer = await Factory.RegisterUserAsync("newcomer");
        Prebanned = await Factory.RegisterUserAsync("prebanned");
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>
    /// A fresh room with every actor in place: owner, admin, moderator, member and target as members (and readers of
    /// <c>general</c>, which holds one message by the target); banned and prebanned banned.
    /// </summary>
    public Task<SeededRoom> SeedRoomAsync(bool isPublic) => Factory.WithDbAsync(async db =>
    {
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var owner = Actors[Actor.Owner].Id;
        var (room, general) = Room.Create(owner, "Matrix " + Guid.NewGuid().ToString("N")[..6], null, null, isPublic, now);
        var invite = room.CreateInvite(owner, RoomInvite.NewCode(), null, null, now);
        foreach (var user in new[] { Actors[Actor.Admin], Actors[Actor.Moderator], Actors[Actor.Member], Target })
        {
            room.AcceptInvite(invite, user.Id, now);
            general.AdmitRoomMember(user.Id, now);
        }

        var message = general.AppendMessage(general.ParticipantOf(Target.Id)!, "A message by the target", null, null, [], now);

        room.ChangeRole(owner, Actors[Actor.Admin].Id, RoomRole.Admin);
        room.ChangeRole(owner, Actors[Actor.Moderator].Id, RoomRole.Moderator);
        room.Ban(owner, Actors[Actor.Banned].Id, null, now);
        room.Ban(owner, Prebanned.Id, null, now);
        db.Add(room);
        db.Add(general);
        db.Add(message);
        await db.SaveChangesAsync();
        return new SeededRoom(room.Id, invite.Code, general.Id, message.Id);
    });
}

public sealed record SeededRoom(Guid RoomId, string InviteCode, Guid GeneralId, Guid TargetMessageId);

/// <summary>
/// Every room action against every kind of caller — each role, a non-member and a banned user — in a public and in a
/// private room, asserting the exact status and problem code of every cell. Channel messages go through the
/// conversation endpoints, whose refusal for non-readers is 403 <c>not_a_participant</c> (a channel's readers are the
/// room's members).
/// </summary>
public sealed class RoomPermissionMatrixTests(RoomMatrixFixture fixture) : IClassFixture<RoomMatrixFixture>
{
    private const string Ok = "200";
    private const string Created = "201";
    private const string NoContent = "204";
    private const string RoleTooLow = "403 role_too_low";
    private const string NotAMember = "403 not_a_member";
    private const string Banned = "403 banned";
    private const string NotAParticipant = "403 not_a_participant";
    private const string NotSender = "403 not_sender";
    private const string NotFound = "404 not_found";
    private const string AlreadyMember = "409 already_member";
    private const string OwnerMustTransfer = "409 owner_must_transfer";

    // Columns: owner, admin, moderator, member, outsider, banned.
    private static readonly Dictionary<Call, string[]> PublicRoom = new()
    {
        [Call.GetRoom] = [Ok, Ok, Ok, Ok, Ok, Ok],
        [Call.UpdateRoom] = [Ok, Ok, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.DeleteRoom] = [NoContent, RoleTooLow, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.Join] = [AlreadyMember, AlreadyMember, AlreadyMember, AlreadyMember, Ok, Banned],
        [Call.Leave] = [OwnerMustTransfer, NoContent, NoContent, NoContent, NotAMember, NotAMember],
        [Call.Transfer] = [NoContent, RoleTooLow, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.ListMembers] = [Ok, Ok, Ok, Ok, NotAMember, NotAMember],
        [Call.AddMember] = [Created, Created, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.ChangeRole] = [Ok, Ok, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.Kick] = [NoContent, NoContent, NoContent, RoleTooLow, NotAMember, NotAMember],
        [Call.Ban] = [NoContent, NoContent, NoContent, RoleTooLow, NotAMember, NotAMember],
        [Call.Unban] = [NoContent, NoContent, NoContent, RoleTooLow, NotAMember, NotAMember],
        [Call.ListBans] = [Ok, Ok, Ok, RoleTooLow, NotAMember, NotAMember],
        [Call.CreateInvite] = [Created, Created, Created, Created, NotAMember, NotAMember],
        [Call.PreviewInvite] = [Ok, Ok, Ok, Ok, Ok, Ok],
        [Call.AcceptInvite] = [Ok, Ok, Ok, Ok, Ok, Banned],
        [Call.ListChannels] = [Ok, Ok, Ok, Ok, NotAMember, NotAMember],
        [Call.CreateChannel] = [Created, Created, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.UpdateChannel] = [Ok, Ok, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.DeleteChannel] = [NoContent, NoContent, RoleTooLow, RoleTooLow, NotAMember, NotAMember],
        [Call.SendMessage] = [Created, Created, Created, Created, NotAParticipant, NotAParticipant],
        [Call.DeleteOthersMessage] = [NoContent, NoContent, NoContent, NotSender, NotAParticipant, NotAParticipant],
    };

    // A private room does not exist for outsiders, except through an invite; a banned user who tries to join is told so.
    private static readonly Dictionary<Call, string[]> PrivateRoom = new()
    {
        [Call.GetRoom] = [Ok, Ok, Ok, Ok, NotFound, NotFound],
        [Call.UpdateRoom] = [Ok, Ok, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.DeleteRoom] = [NoContent, RoleTooLow, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.Join] = [AlreadyMember, AlreadyMember, AlreadyMember, AlreadyMember, NotFound, Banned],
        [Call.Leave] = [OwnerMustTransfer, NoContent, NoContent, NoContent, NotFound, NotFound],
        [Call.Transfer] = [NoContent, RoleTooLow, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.ListMembers] = [Ok, Ok, Ok, Ok, NotFound, NotFound],
        [Call.AddMember] = [Created, Created, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.ChangeRole] = [Ok, Ok, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.Kick] = [NoContent, NoContent, NoContent, RoleTooLow, NotFound, NotFound],
        [Call.Ban] = [NoContent, NoContent, NoContent, RoleTooLow, NotFound, NotFound],
        [Call.Unban] = [NoContent, NoContent, NoContent, RoleTooLow, NotFound, NotFound],
        [Call.ListBans] = [Ok, Ok, Ok, RoleTooLow, NotFound, NotFound],
        [Call.CreateInvite] = [Created, Created, Created, RoleTooLow, NotFound, NotFound],
        [Call.PreviewInvite] = [Ok, Ok, Ok, Ok, Ok, Ok],
        [Call.AcceptInvite] = [Ok, Ok, Ok, Ok, Ok, Banned],
        [Call.ListChannels] = [Ok, Ok, Ok, Ok, NotFound, NotFound],
        [Call.CreateChannel] = [Created, Created, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.UpdateChannel] = [Ok, Ok, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.DeleteChannel] = [NoContent, NoContent, RoleTooLow, RoleTooLow, NotFound, NotFound],
        [Call.SendMessage] = [Created, Created, Created, Created, NotAParticipant, NotAParticipant],
        [Call.DeleteOthersMessage] = [NoContent, NoContent, NoContent, NotSender, NotAParticipant, NotAParticipant],
    };

    public static TheoryData<bool, Call, Actor, string> Cells()
    {
        var data = new TheoryData<bool, Call, Actor, string>();
        foreach (var (isPublic, table) in new[] { (true, PublicRoom), (false, PrivateRoom) })
        {
            foreach (var call in Enum.GetValues<Call>())
            {
                foreach (var actor in Enum.GetValues<Actor>())
                {
                    data.Add(isPublic, call, actor, table[call][(int)actor]);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_matrix_covers_every_call_for_every_actor_in_both_kinds_of_room()
    {
        foreach (var table in new[] { PublicRoom, PrivateRoom })
        {
            table.Keys.Should().BeEquivalentTo(Enum.GetValues<Call>());
            table.Values.Should().AllSatisfy(row => row.Should().HaveCount(Enum.GetValues<Actor>().Length));
        }
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_caller_gets_exactly_the_expected_answer(bool isPublic, Call call, Actor actor, string expected)
    {
        var room = await fixture.SeedRoomAsync(isPublic);
        var caller = fixture.Actors[actor];

        var response = await SendAsync(caller.Client, call, room);

        var parts = expected.Split(' ');
        var status = (HttpStatusCode)int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        if (parts.Length == 2)
        {
            await response.ShouldBeProblemAsync(status, parts[1]);
        }
        else
        {
            response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient client, Call call, SeededRoom seeded)
    {
        var room = $"/api/v1/rooms/{seeded.RoomId}";
        var inviteCode = seeded.InviteCode;
        return call switch
        {
            Call.GetRoom => client.GetAsync(room),
            Call.UpdateRoom => client.PatchAsJsonAsync(room, new { description = "Changed" }),
            Call.DeleteRoom => client.DeleteAsync(room),
            Call.Join => client.PostAsync($"{room}/join", null),
            Call.Leave => client.PostAsync($"{room}/leave", null),
            Call.Transfer => client.PostAsJsonAsync($"{room}/transfer", new { userId = fixture.Target.Id }),
            Call.ListMembers => client.GetAsync($"{room}/members"),
            Call.AddMember => client.PostAsJsonAsync($"{room}/members", new { userId = fixture.Newcomer.Id }),
            Call.ChangeRole => client.PatchAsJsonAsync($"{room}/members/{fixture.Target.Id}", new { role = "moderator" }),
            Call.Kick => client.DeleteAsync($"{room}/members/{fixture.Target.Id}"),
            Call.Ban => client.PostAsJsonAsync($"{room}/bans", new { userId = fixture.Target.Id, reason = "matrix" }),
            Call.Unban => client.DeleteAsync($"{room}/bans/{fixture.Prebanned.Id}"),
            Call.ListBans => client.GetAsync($"{room}/bans"),
            Call.CreateInvite => client.PostAsJsonAsync($"{room}/invites", new { maxUses = 5 }),
            Call.PreviewInvite => client.GetAsync($"/api/v1/invites/{inviteCode}"),
            Call.AcceptInvite => client.PostAsync($"/api/v1/invites/{inviteCode}/accept", null),
            Call.ListChannels => client.GetAsync($"{room}/channels"),
            Call.CreateChannel => client.PostAsJsonAsync($"{room}/channels", new { name = "new", type = "text" }),
            Call.UpdateChannel => client.PatchAsJsonAsync($"{room}/channels/{seeded.GeneralId}", new { topic = "Changed" }),
            Call.DeleteChannel => client.DeleteAsync($"{room}/channels/{seeded.GeneralId}"),
            Call.SendMessage => client.PostAsJsonAsync($"/api/v1/conversations/{seeded.GeneralId}/messages", new { content = "Hello" }),
            Call.DeleteOthersMessage => client.DeleteAsync($"/api/v1/messages/{seeded.TargetMessageId}"),
            _ => throw new ArgumentOutOfRangeException(nameof(call)),
        };
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chat.Api.Tests.Conversations;
using Chat.Api.Tests.Infrastructure;
using Chat.Api.Tests.Rooms;
using Chat.Infrastructure.Persistence;
using Chat.TestSupport;

namespace Chat.Api.Tests.Operations;

/// <summary>
/// A change racing the deletion of what it touches (issue 10 §2): the deletion and the change are sent at the same
/// instant, hundreds of times, cycling through every kind of change. Each answer is the change's success, 404
/// <c>not_found</c> (the target is gone), 409 <c>message_deleted</c> (the message is a tombstone) or 403
/// <c>not_a_participant</c> (the caller left first) — never a 500.
/// </summary>
public sealed class DeletionRaceScenarios(DatabaseProvider provider)
{
    private const int Iterations = 200;
    private static readonly TimeSpan IterationBound = TimeSpan.FromSeconds(60);
    private static readonly string ThumbsUp = Uri.EscapeDataString("👍");

    /// <summary>The changes raced against a deletion, by name (named in a failure message).</summary>
    private static readonly (string Name, Func<TestUser, Guid, Guid, Task<HttpResponseMessage>> Send)[] Changes =
    [
        ("remove reaction", (u, _, m) => u.Client.DeleteAsync($"/api/v1/messages/{m}/reactions/{ThumbsUp}")),
        ("add reaction", (u, _, m) => u.Client.PostAsJsonAsync($"/api/v1/messages/{m}/reactions", new { emoji = "🎉" })),
        ("edit", (u, _, m) => u.Client.PatchAsJsonAsync($"/api/v1/messages/{m}", new { content = "edited" })),
        ("delete message", (u, _, m) => u.Client.DeleteAsync($"/api/v1/messages/{m}")),
        ("mark message read", (u, _, m) => u.Client.PutAsync($"/api/v1/messages/{m}/read", null)),
        ("mark conversation read", (u, c, _) => u.Client.PostAsJsonAsync($"/api/v1/conversations/{c}/read", new { seq = 1 })),
        ("send", (u, c, _) => u.Client.PostAsJsonAsync($"/api/v1/conversations/{c}/messages", new { content = "racing", clientMessageId = Guid.NewGuid().ToString() })),
        ("reply", (u, c, m) => u.Client.PostAsJsonAsync($"/api/v1/conversations/{c}/messages", new { content = "re", replyToId = m })),
        ("history", (u, c, _) => u.Client.GetAsync($"/api/v1/conversations/{c}/messages?limit=10")),
        ("changes", (u, c, _) => u.Client.GetAsync($"/api/v1/conversations/{c}/changes?since=0")),
    ];

    public async Task Changes_racing_the_deletion_of_their_room_answer_success_or_not_found_never_500()
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        var owner = await factory.RegisterUserAsync("owner");
        var member = await factory.RegisterUserAsync("member");
        var failures = new List<string>();

        for (var i = 0; i < Iterations; i++)
        {
            var roomId = await owner.CreateRoomIdAsync($"Race {i}");
            await member.JoinAsync(roomId);
            var channel = await owner.GeneralChannelAsync(roomId);
            var (actor, other) = i % 2 == 0 ? (owner, member) : (member, owner);
            var message = await SeedMessageAsync(actor, other, channel);
            var (name, change) = Changes[i % Changes.Length];

            var (deleted, changed) = await AtOnceAsync(
                () => owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}"),
                () => change(actor, channel, message));

            await ExpectAsync(failures, "DELETE room", deleted, HttpStatusCode.NoContent);
            await ExpectAsync(failures, name, changed);
        }

        failures.Should().BeEmpty("{0} of the races answered otherwise", failures.Count);
    }

    public async Task Changes_racing_the_deletion_of_their_channel_or_message_answer_success_not_found_or_conflict_never_500()
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        var owner = await factory.RegisterUserAsync("owner");
        var member = await factory.RegisterUserAsync("member");
        var roomId = await owner.CreateRoomIdAsync("Channels");
        await member.JoinAsync(roomId);
        var general = await owner.GeneralChannelAsync(roomId);
        var failures = new List<string>();

        for (var i = 0; i < Iterations; i++)
        {
            var (name, change) = Changes[i % Changes.Length];
            var deleteChannel = i % 2 == 0;
            var channel = deleteChannel ? await owner.CreateChannelAsync(roomId, $"race-{i}") : general;
            var message = await SeedMessageAsync(member, owner, channel);

            var (deleted, changed) = await AtOnceAsync(
                () => deleteChannel
                    ? owner.Client.DeleteAsync($"/api/v1/rooms/{roomId}/channels/{channel}")
                    : owner.Client.DeleteAsync($"/api/v1/messages/{message}"),
                () => change(member, channel, message));

            await ExpectAsync(failures, deleteChannel ? "DELETE channel" : "DELETE message", deleted,
                HttpStatusCode.NoContent, HttpStatusCode.NotFound);
            await ExpectAsync(failures, name, changed);
        }

        failures.Should().BeEmpty("{0} of the races answered otherwise", failures.Count);
    }

    public async Task Changes_racing_a_member_leaving_the_group_answer_success_forbidden_or_not_found_never_500()
    {
        await using var factory = await ChatApiFactory.CreateAsync(provider);
        var users = await factory.FriendsAsync(2, "grp");
        var (owner, member) = (users[0], users[1]);
        var failures = new List<string>();

        for (var i = 0; i < Iterations / 2; i++)
        {
            var group = (await owner.StartGroupAsync($"Group {i}", member)).Id();
            var message = await SeedMessageAsync(member, owner, group);
            var (name, change) = Changes[i % Changes.Length];

            var (left, changed) = await AtOnceAsync(
                () => member.Client.DeleteAsync($"/api/v1/conversations/{group}/members/{member.Id}"),
                () => change(member, group, message));

            await ExpectAsync(failures, "leave group", left, HttpStatusCode.NoContent);
            await ExpectAsync(failures, name, changed);
        }

        failures.Should().BeEmpty("{0} of the races answered otherwise", failures.Count);
    }

    // A message by `author` with a 👍 from `reactor`, so removing and adding reactions both have something to race.
    private static async Task<Guid> SeedMessageAsync(TestUser author, TestUser reactor, Guid conversation)
    {
        var message = await author.SendAsync(conversation, "hello");
        var react = await reactor.Client.PostAsJsonAsync($"/api/v1/messages/{message}/reactions", new { emoji = "👍" });
        react.StatusCode.Should().Be(HttpStatusCode.NoContent, await react.Content.ReadAsStringAsync());
        return message;
    }

    // Both requests leave together once both tasks are ready; each iteration is bounded.
    private static async Task<(HttpResponseMessage First, HttpResponseMessage Second)> AtOnceAsync(
        Func<Task<HttpResponseMessage>> first, Func<Task<HttpResponseMessage>> second)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Task.Run(async () => { await gate.Task; return await first(); });
        var b = Task.Run(async () => { await gate.Task; return await second(); });
        gate.SetResult();
        await Task.WhenAll(a, b).WaitAsync(IterationBound);
        return (await a, await b);
    }

    private static readonly Dictionary<HttpStatusCode, string[]> AllowedRefusals = new()
    {
        [HttpStatusCode.NotFound] = ["not_found"],
        [HttpStatusCode.Conflict] = ["message_deleted"],
        [HttpStatusCode.Forbidden] = ["not_a_participant", "not_author", "forbidden", "insufficient_role"],
    };

    private static async Task ExpectAsync(List<string> failures, string what, HttpResponseMessage response, params HttpStatusCode[] successes)
    {
        var status = response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if ((successes.Length == 0 && (int)status is >= 200 and < 300) || successes.Contains(status))
        {
            return;
        }

        if (AllowedRefusals.TryGetValue(status, out var codes)
            && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            && JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code)
            && codes.Contains(code.GetString()))
        {
            return;
        }

        failures.Add($"{what}: {(int)status} {text}");
    }
}

public sealed class DeletionRaceTests
{
    private static readonly DeletionRaceScenarios On = new(DatabaseProvider.Sqlite);

    [Fact]
    public Task Changes_racing_the_deletion_of_their_room_answer_success_or_not_found_never_500() =>
        On.Changes_racing_the_deletion_of_their_room_answer_success_or_not_found_never_500();

    [Fact]
    public Task Changes_racing_the_deletion_of_their_channel_or_message_answer_success_not_found_or_conflict_never_500() =>
        On.Changes_racing_the_deletion_of_their_channel_or_message_answer_success_not_found_or_conflict_never_500();

    [Fact]
    public Task Changes_racing_a_member_leaving_the_group_answer_success_forbidden_or_not_found_never_500() =>
        On.Changes_racing_a_member_leaving_the_group_answer_success_forbidden_or_not_found_never_500();
}

public sealed class DeletionRacePostgresTests
{
    private static readonly DeletionRaceScenarios On = new(DatabaseProvider.Postgres);

    [PostgresFact]
    public Task Changes_racing_the_deletion_of_their_room_never_answer_500_on_postgres() =>
        On.Changes_racing_the_deletion_of_their_room_answer_success_or_not_found_never_500();

    [PostgresFact]
    public Task Changes_racing_the_deletion_of_their_channel_or_message_never_answer_500_on_postgres() =>
        On.Changes_racing_the_deletion_of_their_channel_or_message_answer_success_not_found_or_conflict_never_500();

    [PostgresFact]
    public Task Changes_racing_a_member_leaving_the_group_never_answer_500_on_postgres() =>
        On.Changes_racing_a_member_leaving_the_group_answer_success_forbidden_or_not_found_never_500();
}

using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Realtime;

namespace Chat.Infrastructure.Tests.Realtime;

/// <summary>The recipients cache never serves what a membership change made stale, however loads and changes interleave.</summary>
public sealed class RecipientCacheTests
{
    private static readonly Guid Conversation = Guid.CreateVersion7();
    private static readonly Guid Room = Guid.CreateVersion7();
    private static readonly Guid Alice = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();

    private readonly RecipientCache _cache = new(TimeProvider.System);
    private ConversationRecipients _stored = new([Alice, Bob], IsDirect: false, RoomId: null);
    private int _reads;

    [Fact]
    public async Task Recipients_are_read_once_then_served_from_memory()
    {
        (await GetAsync()).UserIds.Should().Equal(Alice, Bob);
        (await GetAsync()).UserIds.Should().Equal(Alice, Bob);

        _reads.Should().Be(1);
        _cache.Hits.Should().Be(1);
    }

    [Fact]
    public async Task While_a_membership_change_is_under_way_recipients_are_read_every_time_and_after_it_the_new_ones_are_cached()
    {
        await GetAsync();

        _cache.BeginChange([Conversation]);
        _stored = _stored with { UserIds = [Alice] };
        await GetAsync();
        await GetAsync();
        _reads.Should().Be(3, "nothing is cached while the change may or may not be committed");

        _cache.EndChange([Conversation]);
        (await GetAsync()).UserIds.Should().Equal(Alice);
        (await GetAsync()).UserIds.Should().Equal(Alice);
        _reads.Should().Be(4);
    }

    [Fact]
    public async Task A_read_that_started_before_an_invalidation_is_not_kept()
    {
        var release = new TaskCompletionSource();
        var slowRead = _cache.GetOrLoadAsync(Conversation, async _ =>
        {
            await release.Task;
            return new ConversationRecipients([Alice, Bob], false, null); // what the database said before Bob left
        }, CancellationToken.None).AsTask();

        _cache.Invalidate(Conversation);
        _stored = _stored with { UserIds = [Alice] };
        release.SetResult();
        await slowRead;

        (await GetAsync()).UserIds.Should().Equal(Alice);
    }

    [Fact]
    public async Task A_room_membership_change_drops_every_cached_channel_of_the_room()
    {
        var other = Guid.CreateVersion7();
        _stored = new ConversationRecipients([Alice, Bob], false, Room);
        await GetAsync();
        await _cache.GetOrLoadAsync(other, _ => ValueTask.FromResult(new ConversationRecipients([Alice, Bob], false, Room)), CancellationToken.None);
        _cache.Count.Should().Be(2);

        _cache.BeginChange([Room]);
        _cache.Count.Should().Be(0);
        _stored = _stored with { UserIds = [Alice] };
        (await GetAsync()).UserIds.Should().Equal(Alice);
        _cache.Count.Should().Be(0, "not while the room's change is under way");

        _cache.EndChange([Room]);
        await GetAsync();
        _cache.Count.Should().Be(1);
    }

    [Fact]
    public async Task Invalidate_all_starts_over()
    {
        await GetAsync();

        _cache.InvalidateAll();
        await GetAsync();

        _reads.Should().Be(2);
    }

    private async Task<ConversationRecipients> GetAsync() =>
        await _cache.GetOrLoadAsync(Conversation, _ =>
        {
            _reads++;
            return ValueTask.FromResult(_stored);
        }, CancellationToken.None);
}

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
    private ConversationRecipients _stored = new([Alice, Bob], IsDirect: false, RoomId: null, MembershipVersion: 0);
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
        var slowRead = _cache.GetOrLoadAsync(Conversation, 0, async _ =>
        {
            await release.Task;
            return new ConversationRecipients([Alice, Bob], false, null, 0); // what the database said before Bob left
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
        _stored = new ConversationRecipients([Alice, Bob], false, Room, 0);
        await GetAsync();
        await _cache.GetOrLoadAsync(other, 0, _ => ValueTask.FromResult(new ConversationRecipients([Alice, Bob], false, Room, 0)), CancellationToken.None);
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

    [Fact]
    public async Task An_entry_older_than_the_events_membership_version_is_read_again_and_replaced()
    {
        await GetAsync(0);

        // Another node removed Bob (version 1) and this node never heard of it: the entry still says Alice and Bob.
        _stored = new ConversationRecipients([Alice], false, null, 1);
        (await GetAsync(1)).UserIds.Should().Equal([Alice], "an event at version 1 is never addressed from a version 0 entry");
        _cache.Stale.Should().Be(1);

        (await GetAsync(1)).UserIds.Should().Equal(Alice);
        (await GetAsync(0)).UserIds.Should().Equal([Alice], "an older event may use a newer entry: it was committed before the removal, or after it");
        _reads.Should().Be(2);
        _cache.Hits.Should().Be(2);
    }

    [Fact]
    public async Task An_event_without_a_membership_version_reads_the_database()
    {
        await GetAsync(0);

        await GetAsync(null);
        await GetAsync(null);

        _reads.Should().Be(3);
        (await GetAsync(0)).UserIds.Should().Equal(Alice, Bob);
        _reads.Should().Be(3, "the entry stays for versioned events");
    }

    [Fact]
    public async Task A_slow_read_of_an_older_version_does_not_replace_a_newer_entry()
    {
        var release = new TaskCompletionSource();
        var slowRead = _cache.GetOrLoadAsync(Conversation, 0, async _ =>
        {
            await release.Task;
            return new ConversationRecipients([Alice, Bob], false, null, 0);
        }, CancellationToken.None).AsTask();

        _stored = new ConversationRecipients([Alice], false, null, 1);
        (await GetAsync(1)).UserIds.Should().Equal(Alice);
        release.SetResult();
        await slowRead;

        (await GetAsync(1)).UserIds.Should().Equal(Alice);
        _reads.Should().Be(1, "the version 1 entry is kept");
    }

    [Fact]
    public async Task Is_known_recipient_answers_from_a_cached_entry_only_and_never_while_a_change_is_under_way()
    {
        _cache.IsKnownRecipient(Conversation, Alice).Should().BeFalse("nothing is cached yet, and the hint never reads");
        _reads.Should().Be(0);

        await GetAsync();
        _cache.IsKnownRecipient(Conversation, Alice).Should().BeTrue();
        _cache.IsKnownRecipient(Conversation, Guid.CreateVersion7()).Should().BeFalse();

        _cache.BeginChange([Conversation]);
        _cache.IsKnownRecipient(Conversation, Alice).Should().BeFalse("while a membership change may or may not commit");
        _cache.EndChange([Conversation]);
        _cache.IsKnownRecipient(Conversation, Alice).Should().BeFalse("the change dropped the entry");

        // A room's change covers its channels.
        _stored = new ConversationRecipients([Alice, Bob], false, Room, 0);
        await GetAsync();
        _cache.BeginChange([Room]);
        _cache.IsKnownRecipient(Conversation, Bob).Should().BeFalse();
        _cache.EndChange([Room]);
    }

    [Fact]
    public async Task Is_known_recipient_looks_a_large_entry_up_in_a_set_of_its_members()
    {
        var members = Enumerable.Range(0, 1000).Select(_ => Guid.CreateVersion7()).ToList();
        _stored = new ConversationRecipients(members, false, Room, 0);
        await GetAsync();

        members.Should().OnlyContain(m => _cache.IsKnownRecipient(Conversation, m));
        _cache.IsKnownRecipient(Conversation, Alice).Should().BeFalse();

        // A newer entry (the same conversation read again at a later version) is looked up in its own members.
        _stored = new ConversationRecipients([.. members.Skip(1), Alice], false, Room, 1);
        await GetAsync(1);
        _cache.IsKnownRecipient(Conversation, members[0]).Should().BeFalse();
        _cache.IsKnownRecipient(Conversation, Alice).Should().BeTrue();
    }

    private async Task<ConversationRecipients> GetAsync(long? membershipVersion = 0) =>
        await _cache.GetOrLoadAsync(Conversation, membershipVersion, _ =>
        {
            _reads++;
            return ValueTask.FromResult(_stored);
        }, CancellationToken.None);
}

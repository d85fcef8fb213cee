using Chat.Application.Common.Events;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Common;

/// <summary>
/// Ordered events reserve their place before the commit and release it after their handlers ran (or on rollback),
/// which is what lets live delivery keep each conversation's events in version order.
/// </summary>
public sealed class OrderedEventReservationTests : IAsyncLifetime
{
    private readonly List<string> _steps = [];
    private readonly IDomainEventDispatcher _dispatcher = Substitute.For<IDomainEventDispatcher>();
    private readonly IEventOrdering _ordering = Substitute.For<IEventOrdering>();
    private ApplicationTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _ordering.Reserve(Arg.Any<Guid>(), Arg.Any<long>()).Returns(call =>
        {
            var position = call.ArgAt<long>(1);
            _steps.Add("reserve " + position);
            var release = Substitute.For<IDisposable>();
            release.When(r => r.Dispose()).Do(_ => _steps.Add("release " + position));
            return release;
        });
        _dispatcher.When(d => d.DispatchAsync(Arg.Any<IReadOnlyList<IDomainEvent>>(), Arg.Any<CancellationToken>()))
            .Do(call => _steps.Add("dispatch " + string.Join(",", call.Arg<IReadOnlyList<IDomainEvent>>().OfType<IOrderedDomainEvent>().Select(e => e.Position))));
        _host = await ApplicationTestHost.CreateAsync(s =>
        {
            s.AddScoped(_ => _dispatcher);
            s.AddSingleton(_ordering);
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_saved_ordered_event_is_reserved_before_the_commit_and_released_after_dispatch()
    {
        var stream = Guid.CreateVersion7();

        await _host.WithDbAsync(async db =>
        {
            db.Set<User>().Add(UserWith(new Ordered(stream, 7)));
            return await db.SaveChangesAsync();
        });

        _steps.Should().Equal("reserve 7", "dispatch 7", "release 7");
        _ordering.Received(1).Reserve(stream, 7);
    }

    [Fact]
    public async Task Inside_a_transaction_the_reservation_lasts_until_the_events_are_dispatched_after_commit()
    {
        await _host.WithDbAsync(db => db.InTransactionAsync(async ct =>
        {
            db.Set<User>().Add(UserWith(new Ordered(Guid.CreateVersion7(), 3)));
            await db.SaveChangesAsync(ct);
            _steps.Add("saved");
            return true;
        }));

        _steps.Should().Equal("reserve 3", "saved", "dispatch 3", "release 3");
    }

    [Fact]
    public async Task A_rolled_back_transaction_releases_its_reservations_without_dispatching()
    {
        var act = () => _host.WithDbAsync(db => db.InTransactionAsync<bool>(async ct =>
        {
            db.Set<User>().Add(UserWith(new Ordered(Guid.CreateVersion7(), 4)));
            await db.SaveChangesAsync(ct);
            throw new InvalidOperationException("boom");
        }));

        await act.Should().ThrowAsync<InvalidOperationException>();
        _steps.Should().Equal("reserve 4", "release 4");
    }

    [Fact]
    public async Task A_failed_save_releases_its_reservation()
    {
        var user = UserWith(new Ordered(Guid.CreateVersion7(), 1));
        await _host.WithDbAsync(async db =>
        {
            db.Set<User>().Add(User.Register(user.Username, null, "hash", DateTime.UtcNow));
            return await db.SaveChangesAsync();
        });
        _steps.Clear();

        var act = () => _host.WithDbAsync(async db =>
        {
            db.Set<User>().Add(user); // same username: the unique index refuses it
            return await db.SaveChangesAsync();
        });

        await act.Should().ThrowAsync<Microsoft.EntityFrameworkCore.DbUpdateException>();
        _steps.Should().Equal("reserve 1", "release 1");
    }

    private static User UserWith(IDomainEvent domainEvent)
    {
        var user = User.Register("u" + Guid.NewGuid().ToString("N")[..10], null, "hash", DateTime.UtcNow);
        typeof(Entity).GetMethod("Raise", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.Invoke(user, [domainEvent]);
        return user;
    }

    private sealed record Ordered(Guid StreamId, long Position) : IOrderedDomainEvent;
}

using Chat.Application.Common.Events;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Chat.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Chat.Application.Tests.Common;

/// <summary>Domain events leave the process only after the change that recorded them is committed.</summary>
public sealed class DomainEventPublishingTests : IAsyncLifetime
{
    private readonly IDomainEventDispatcher _dispatcher = Substitute.For<IDomainEventDispatcher>();
    private ApplicationTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ApplicationTestHost.CreateAsync(s => s.AddScoped(_ => _dispatcher));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Events_are_dispatched_after_save_and_cleared_from_the_entity()
    {
        var user = NewUserWithEvent(out var recorded);

        await _host.WithDbAsync(async db =>
        {
            db.Set<User>().Add(user);
            await _dispatcher.DidNotReceiveWithAnyArgs().DispatchAsync(default!, default);
            return await db.SaveChangesAsync();
        });

        await _dispatcher.Received(1).DispatchAsync(Arg.Is<IReadOnlyList<IDomainEvent>>(e => e.Single() == recorded), Arg.Any<CancellationToken>());
        user.DomainEvents.Should().BeEmpty();
    }

    [Fact]
    public async Task Events_inside_a_transaction_wait_for_the_commit_and_vanish_on_rollback()
    {
        var committed = NewUserWithEvent(out _);
        await _host.WithDbAsync(db => db.InTransactionAsync(async ct =>
        {
            db.Set<User>().Add(committed);
            await db.SaveChangesAsync(ct);
            await _dispatcher.DidNotReceiveWithAnyArgs().DispatchAsync(default!, default);
            return true;
        }));
        await _dispatcher.Received(1).DispatchAsync(Arg.Any<IReadOnlyList<IDomainEvent>>(), Arg.Any<CancellationToken>());
        _dispatcher.ClearReceivedCalls();

        var rolledBack = NewUserWithEvent(out _);
        var act = () => _host.WithDbAsync(db => db.InTransactionAsync<bool>(async ct =>
        {
            db.Set<User>().Add(rolledBack);
            await db.SaveChangesAsync(ct);
            throw new InvalidOperationException("boom");
        }));

        await act.Should().ThrowAsync<InvalidOperationException>();
        await _dispatcher.DidNotReceiveWithAnyArgs().DispatchAsync(default!, default);
        (await _host.WithDbAsync(db => Task.FromResult(db.Set<User>().Count()))).Should().Be(1);
    }

    private static User NewUserWithEvent(out IDomainEvent recorded)
    {
        var user = User.Register("u" + Guid.NewGuid().ToString("N")[..10], null, "hash", DateTime.UtcNow);
        recorded = new TestEvent(user.Id);
        typeof(Entity).GetMethod("Raise", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.Invoke(user, [recorded]);
        return user;
    }

    private sealed record TestEvent(Guid UserId) : IDomainEvent;
}

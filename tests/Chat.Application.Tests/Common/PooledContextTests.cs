using Chat.Application.Common.Interfaces;
using Chat.Application.Tests.Support;
using Chat.Domain.Rooms;
using Chat.Domain.Rooms.Events;
using Chat.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Common;

/// <summary>
/// Contexts are pooled (<see cref="ChatDbContextRegistration"/>): a context back from the pool serves its next scope
/// with that scope's dispatcher, and nothing its last scope left pending — the events of a transaction that was never
/// committed — is published by the next one.
/// </summary>
public sealed class PooledContextTests : HandlerTest
{
    [Fact]
    public async Task A_context_back_from_the_pool_publishes_its_new_scopes_events_and_none_of_the_last_ones()
    {
        var owner = (await Given.UsersAsync("owner"))[0];
        Host.ClearObservations();
        ChatDbContext? first = null;
        var abandoned = await Host.WithDbAsync(async db =>
        {
            first = db;
            await db.Database.BeginTransactionAsync();
            var (room, general) = Room.Create(owner.Id, "abandoned", null, null, isPublic: true, Host.Now);
            db.AddRange(room, general);
            await db.SaveChangesAsync(); // in an open transaction: its RoomCreated waits for a commit that never comes
            return room.Id;
        });

        // The pool hands contexts out in turn: lease until the first one comes back (the test fails if it never does).
        Guid? kept = null;
        for (var lease = 0; lease < 32 && kept is null; lease++)
        {
            kept = await Host.WithDbAsync(async db =>
            {
                if (!ReferenceEquals(db, first))
                {
                    return (Guid?)null;
                }

                var (room, general) = Room.Create(owner.Id, "kept", null, null, isPublic: true, Host.Now);
                db.AddRange(room, general);
                await db.SaveChangesAsync();
                return room.Id;
            });
        }

        kept.Should().NotBeNull("the pool reuses a returned context");
        Host.Events.OfType<RoomCreated>().Select(e => e.RoomId).Should().Equal(kept!.Value);
        (await Host.RowsAsync<Room>()).Select(r => r.Id).Should().Contain(kept.Value).And.NotContain(abandoned);
    }

    /// <summary>
    /// The container disposes a scope's context once per registration that handed it out (as itself and as
    /// <c>IChatDbContext</c>). Such a disposal must not return it to the pool while its scope lives: another scope
    /// leasing it then lost it to the first scope's second disposal, mid-request.
    /// </summary>
    [Fact]
    public async Task A_context_disposed_by_the_container_before_its_scope_ends_is_not_leased_to_another_scope()
    {
        await using var first = Host.Service<IServiceScopeFactory>().CreateAsyncScope();
        var context = first.ServiceProvider.GetRequiredService<ChatDbContext>();
        first.ServiceProvider.GetRequiredService<IChatDbContext>().Should().BeSameAs(context);

        await context.DisposeAsync(); // what the container does for the IChatDbContext registration

        await using (var second = Host.Service<IServiceScopeFactory>().CreateAsyncScope())
        {
            second.ServiceProvider.GetRequiredService<ChatDbContext>().Should().NotBeSameAs(context, "the first scope still holds it");
        }

        (await context.Set<Room>().CountAsync()).Should().BeGreaterThanOrEqualTo(0, "the first scope can still use it");
        await first.DisposeAsync();

        var reused = false;
        for (var lease = 0; lease < 32 && !reused; lease++)
        {
            await using var next = Host.Service<IServiceScopeFactory>().CreateAsyncScope();
            reused = ReferenceEquals(next.ServiceProvider.GetRequiredService<ChatDbContext>(), context);
        }

        reused.Should().BeTrue("the scope's end returns it to the pool");
    }
}

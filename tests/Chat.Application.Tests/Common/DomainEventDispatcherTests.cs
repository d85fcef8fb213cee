using Chat.Application.Common.Events;
using Chat.Application.Tests.Support;
using Chat.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Chat.Application.Tests.Common;

public sealed class DomainEventDispatcherTests
{
    [Fact]
    public async Task Every_handler_of_the_event_type_runs_and_a_failing_one_does_not_stop_the_others()
    {
        var failing = Substitute.For<IDomainEventHandler<SomethingHappened>>();
        failing.HandleAsync(Arg.Any<SomethingHappened>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("handler bug"));
        var working = Substitute.For<IDomainEventHandler<SomethingHappened>>();
        await using var host = await ApplicationTestHost.CreateAsync(s =>
        {
            s.AddSingleton(failing);
            s.AddSingleton(working);
        });

        var first = new SomethingHappened(1);
        var second = new SomethingHappened(2);
        using (var scope = host.Service<IServiceProvider>().CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IDomainEventDispatcher>().DispatchAsync([first, second], CancellationToken.None);
        }

        await working.Received(1).HandleAsync(first, Arg.Any<CancellationToken>());
        await working.Received(1).HandleAsync(second, Arg.Any<CancellationToken>());
    }

    public sealed record SomethingHappened(int Value) : IDomainEvent;
}

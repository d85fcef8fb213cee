using Chat.Application.Common.Exceptions;
using Chat.Domain.Common;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Chat.Application.Tests.Support;

/// <summary>
/// Base of a handler test class: a fresh <see cref="ApplicationTestHost"/> (its own copy of the migrated SQLite file)
/// per test. Override <see cref="Configure"/> to replace a port.
/// </summary>
public abstract class HandlerTest : IAsyncLifetime
{
    protected ApplicationTestHost Host { get; private set; } = null!;

    protected Seed Given => Host.Given;

    public async Task InitializeAsync()
    {
        Host = await ApplicationTestHost.CreateAsync(Configure);
        await ArrangeAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    protected virtual void Configure(IServiceCollection services)
    {
    }

    /// <summary>Seeds what every test of the class starts from (runs after the host is up).</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    /// <summary>Sends <paramref name="request"/> as <paramref name="caller"/> through the whole pipeline.</summary>
    protected Task<T> SendAs<T>(Guid caller, IRequest<T> request) => Host.As(caller).SendAsync(request);

    /// <summary>Awaits a refusal of type <typeparamref name="TException"/> with <paramref name="code"/>, and returns it.</summary>
    protected static async Task<TException> Refused<TException>(Func<Task> act, string code)
        where TException : Exception
    {
        var thrown = (await act.Should().ThrowAsync<TException>()).Which;
        var actual = thrown switch
        {
            ChatApplicationException app => app.Code,
            DomainException domain => domain.Code,
            _ => throw new InvalidOperationException($"{typeof(TException).Name} carries no code."),
        };
        actual.Should().Be(code);
        return thrown;
    }

    /// <summary>Awaits a 422 whose errors name <paramref name="field"/> (camelCase, as clients see it).</summary>
    protected static async Task<RequestValidationException> Invalid(Func<Task> act, string field)
    {
        var thrown = (await act.Should().ThrowAsync<RequestValidationException>()).Which;
        thrown.Errors.Should().ContainKey(field);
        return thrown;
    }
}

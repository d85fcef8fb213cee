using Chat.Application.Common.Behaviours;
using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Domain.Common;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;
using NSubstitute;

namespace Chat.Application.Tests.Common;

/// <summary>Each pipeline behaviour on its own, with a next step that records whether it ran.</summary>
public sealed class PipelineBehaviourTests
{
    private readonly ICurrentUser _caller = Substitute.For<ICurrentUser>();
    private readonly Guid _userId = Guid.NewGuid();
    private bool _nextRan;

    public PipelineBehaviourTests()
    {
        _caller.IsAuthenticated.Returns(true);
        _caller.UserId.Returns(_userId);
    }

    // ---- validation ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Validation_gathers_every_validators_failures_by_camel_case_field_and_stops_the_request()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new ProbeValidator("first"), new ProbeValidator("second"), new ProbeValidator("first")]);

        var thrown = (await ((Func<Task>)(() => behaviour.Handle(new Probe(Guid.Empty, ""), default, Next))).Should().ThrowAsync<RequestValidationException>()).Which;

        thrown.Errors.Keys.Should().BeEquivalentTo("name", "nested.innerValue");
        thrown.Errors["name"].Should().Equal("first", "second");
        _nextRan.Should().BeFalse();
    }

    [Fact]
    public async Task Validation_lets_a_valid_request_through()
    {
        var behaviour = new ValidationBehaviour<Probe, string>([new ProbeValidator("x")]);

        (await behaviour.Handle(new Probe(Guid.Empty, "ok"), default, Next)).Should().Be("done");
        _nextRan.Should().BeTrue();
    }

    // ---- rate limit ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Rate_limit_spends_a_permit_of_the_requests_policy_per_caller()
    {
        var limiter = Substitute.For<IRequestRateLimiter>();
        var behaviour = new RateLimitBehaviour<LimitedProbe, string>(limiter, _caller);

        await behaviour.Handle(new LimitedProbe(), default, Next);

        limiter.Received(1).TryAcquire("ProbePolicy", _userId.ToString());
        _nextRan.Should().BeTrue();
    }

    [Fact]
    public async Task Rate_limit_refuses_with_the_wait_when_no_permit_is_left()
    {
        var limiter = Substitute.For<IRequestRateLimiter>();
        limiter.TryAcquire("ProbePolicy", _userId.ToString()).Returns(12);
        var behaviour = new RateLimitBehaviour<LimitedProbe, string>(limiter, _caller);

        var thrown = (await ((Func<Task>)(() => behaviour.Handle(new LimitedProbe(), default, Next))).Should().ThrowAsync<RateLimitedException>()).Which;

        thrown.RetryAfterSeconds.Should().Be(12);
        _nextRan.Should().BeFalse();
    }

    [Fact]
    public async Task Rate_limit_skips_requests_without_a_policy_and_anonymous_callers()
    {
        var limiter = Substitute.For<IRequestRateLimiter>();
        var anonymous = Substitute.For<ICurrentUser>();

        await new RateLimitBehaviour<Probe, string>(limiter, _caller).Handle(new Probe(Guid.Empty, "x"), default, Next);
        await new RateLimitBehaviour<LimitedProbe, string>(limiter, anonymous).Handle(new LimitedProbe(), default, Next);

        limiter.ReceivedCalls().Should().BeEmpty();
    }

    // ---- overload -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Overload_refuses_a_send_with_a_wait_of_at_most_two_seconds_while_the_fan_out_is_overloaded()
    {
        var pressure = Substitute.For<IFanOutPressure>();
        pressure.IsOverloaded.Returns(true);
        pressure.RetryAfter.Returns(TimeSpan.FromSeconds(30));
        var behaviour = new OverloadBehaviour<Chat.Application.Features.Messages.SendMessage.SendMessageCommand, string>(pressure);

        var thrown = (await ((Func<Task>)(() => behaviour.Handle(new Chat.Application.Features.Messages.SendMessage.SendMessageCommand(Guid.NewGuid(), "hi"), default, Next)))
            .Should().ThrowAsync<RateLimitedException>()).Which;

        thrown.RetryAfterSeconds.Should().Be(2);
        _nextRan.Should().BeFalse();
    }

    [Fact]
    public async Task Overload_lets_sends_through_when_not_overloaded_and_never_stops_other_requests()
    {
        var pressure = Substitute.For<IFanOutPressure>();
        (await new OverloadBehaviour<Chat.Application.Features.Messages.SendMessage.SendMessageCommand, string>(pressure)
            .Handle(new Chat.Application.Features.Messages.SendMessage.SendMessageCommand(Guid.NewGuid(), "hi"), default, Next)).Should().Be("done");

        pressure.IsOverloaded.Returns(true);
        _nextRan = false;
        (await new OverloadBehaviour<LimitedProbe, string>(pressure).Handle(new LimitedProbe(), default, Next)).Should().Be("done");
        _nextRan.Should().BeTrue("only the SendMessage policy's requests are refused");
        (await new OverloadBehaviour<LimitedProbe, string>().Handle(new LimitedProbe(), default, Next)).Should().Be("done");
    }

    // ---- conversation access ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(ConversationAccess.Granted, null)]
    [InlineData(ConversationAccess.Denied, typeof(ForbiddenException))]
    [InlineData(ConversationAccess.Missing, typeof(NotFoundException))]
    public async Task Conversation_access_lets_participants_through_and_refuses_the_rest(ConversationAccess access, Type? refusal)
    {
        var conversationId = Guid.NewGuid();
        var membership = Substitute.For<IConversationMembership>();
        membership.AccessAsync(_userId, conversationId, Arg.Any<CancellationToken>()).Returns(access);
        var behaviour = new ConversationAccessBehaviour<Probe, string>(membership, _caller, Substitute.For<IChatDbContext>(), Substitute.For<IConversationRecipients>());

        await AssertAccessAsync(() => behaviour.Handle(new Probe(conversationId, "x"), default, Next), refusal);
    }

    [Theory]
    [InlineData(ConversationAccess.Granted, null)]
    [InlineData(ConversationAccess.Denied, typeof(ForbiddenException))]
    [InlineData(ConversationAccess.Missing, typeof(NotFoundException))]
    public async Task Message_access_is_the_access_to_the_messages_conversation(ConversationAccess access, Type? refusal)
    {
        var messageId = Guid.NewGuid();
        var membership = Substitute.For<IConversationMembership>();
        membership.AccessToMessageAsync(_userId, messageId, Arg.Any<CancellationToken>()).Returns((access, Guid.NewGuid()));
        var behaviour = new ConversationAccessBehaviour<MessageProbe, string>(membership, _caller, Substitute.For<IChatDbContext>(), Substitute.For<IConversationRecipients>());

        await AssertAccessAsync(() => behaviour.Handle(new MessageProbe(messageId), default, Next), refusal);
    }

    [Fact]
    public async Task A_write_checked_again_where_it_is_stored_skips_the_access_query_only_for_a_member_the_recipient_cache_lists()
    {
        var conversationId = Guid.NewGuid();
        var membership = Substitute.For<IConversationMembership>();
        membership.AccessAsync(_userId, conversationId, Arg.Any<CancellationToken>()).Returns(ConversationAccess.Denied);
        var recipients = Substitute.For<IConversationRecipients>();
        recipients.IsKnownRecipient(conversationId, _userId).Returns(true);

        (await new ConversationAccessBehaviour<RecheckedProbe, string>(membership, _caller, Substitute.For<IChatDbContext>(), recipients)
            .Handle(new RecheckedProbe(conversationId), default, Next)).Should().Be("done");
        await membership.DidNotReceiveWithAnyArgs().AccessAsync(default, default, default);

        // A read is never let through on the hint: nothing checks it again.
        _nextRan = false;
        var read = new ConversationAccessBehaviour<Probe, string>(membership, _caller, Substitute.For<IChatDbContext>(), recipients);
        await AssertAccessAsync(() => read.Handle(new Probe(conversationId, "x"), default, Next), typeof(ForbiddenException));

        // Not listed: the query decides.
        recipients.IsKnownRecipient(conversationId, _userId).Returns(false);
        var write = new ConversationAccessBehaviour<RecheckedProbe, string>(membership, _caller, Substitute.For<IChatDbContext>(), recipients);
        await AssertAccessAsync(() => write.Handle(new RecheckedProbe(conversationId), default, Next), typeof(ForbiddenException));
    }

    [Fact]
    public async Task Conversation_access_ignores_requests_about_no_conversation()
    {
        var membership = Substitute.For<IConversationMembership>();

        await new ConversationAccessBehaviour<LimitedProbe, string>(membership, _caller, Substitute.For<IChatDbContext>(), Substitute.For<IConversationRecipients>()).Handle(new LimitedProbe(), default, Next);

        membership.ReceivedCalls().Should().BeEmpty();
        _nextRan.Should().BeTrue();
    }

    // ---- logging ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Logging_names_the_request_and_its_outcome_but_never_its_body()
    {
        var logger = Substitute.For<ILogger<LoggingBehaviour<Probe, string>>>();
        var behaviour = new LoggingBehaviour<Probe, string>(logger);

        await behaviour.Handle(new Probe(Guid.Empty, "secret-content"), default, Next);
        var refused = () => behaviour.Handle(new Probe(Guid.Empty, "secret-content"), default, () => throw new DomainException("not_sender", "no", DomainErrorKind.Forbidden));
        var failed = () => behaviour.Handle(new Probe(Guid.Empty, "secret-content"), default, () => throw new InvalidOperationException("boom"));
        await refused.Should().ThrowAsync<DomainException>();
        await failed.Should().ThrowAsync<InvalidOperationException>();

        var entries = logger.ReceivedCalls().Where(c => c.GetMethodInfo().Name == nameof(ILogger.Log))
            .Select(c => (Level: (LogLevel)c.GetArguments()[0]!, Text: c.GetArguments()[2]!.ToString()!, Error: c.GetArguments()[3] as Exception))
            .ToList();
        // A failure is logged once, with its stack trace, by the transport's error mapper (Chat.Api FailureLog), not here.
        entries.Select(e => e.Level).Should().Equal(LogLevel.Information, LogLevel.Information, LogLevel.Information);
        entries[0].Text.Should().StartWith("Probe succeeded in");
        entries[1].Text.Should().StartWith("Probe refused with not_sender in");
        entries[2].Text.Should().StartWith("Probe failed with InvalidOperationException in");
        entries[2].Error.Should().BeNull();
        entries.Should().NotContain(e => e.Text.Contains("secret-content"));
    }

    private async Task AssertAccessAsync(Func<Task> act, Type? refusal)
    {
        if (refusal is null)
        {
            await act();
            _nextRan.Should().BeTrue();
            return;
        }

        var thrown = (await act.Should().ThrowAsync<ChatApplicationException>()).Which;
        thrown.Should().BeOfType(refusal);
        thrown.Code.Should().Be(refusal == typeof(ForbiddenException) ? "not_a_participant" : "not_found");
        _nextRan.Should().BeFalse();
    }

    private Task<string> Next()
    {
        _nextRan = true;
        return Task.FromResult("done");
    }

    public sealed record Nested(string InnerValue);

    public sealed record Probe(Guid ConversationId, string Name) : IRequest<string>, IConversationRequest
    {
        public Nested Nested { get; init; } = new("v");
    }

    public sealed record MessageProbe(Guid MessageId) : IRequest<string>, IMessageRequest;

    public sealed record RecheckedProbe(Guid ConversationId) : IRequest<string>, IConversationRequest, IRecheckedWhenStored;

    public sealed record LimitedProbe : IRequest<string>, IRateLimitedRequest
    {
        public static string RateLimitPolicy => "ProbePolicy";
    }

    private sealed class ProbeValidator : AbstractValidator<Probe>
    {
        public ProbeValidator(string message)
        {
            RuleFor(p => p.Name).NotEmpty().WithMessage(message);
            RuleFor(p => p.Nested.InnerValue).Must(_ => false).WithMessage("nested").When(p => p.Name.Length == 0);
        }
    }
}

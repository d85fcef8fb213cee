using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Auth.Login;
using Chat.Application.Features.Auth.RefreshTokens;
using Chat.Application.Features.Messages.SendMessage;
using MediatR;

namespace Chat.Application.Common.Behaviours;

/// <summary>
/// The server's own meters that only the pipeline sees: how long a message send takes (REST and socket alike; a send
/// to a person is timed by the send it makes) and refused logins and refresh tokens.
/// </summary>
internal sealed class MetricsBehaviour<TRequest, TResponse>(IRealtimeStatistics statistics, TimeProvider clock)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var started = clock.GetTimestamp();
        try
        {
            var response = await next();
            if (request is SendMessageCommand)
            {
                statistics.MessageSendTook(clock.GetElapsedTime(started));
            }

            return response;
        }
        catch (UnauthorizedException) when (request is LoginCommand or RefreshTokensCommand)
        {
            statistics.AuthFailed(request is LoginCommand ? "login" : "refresh");
            throw;
        }
    }
}

using System.Diagnostics;
using Chat.Application.Common.Exceptions;
using Chat.Domain.Common;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Chat.Application.Common.Behaviours;

/// <summary>Logs each request's name, duration and outcome; never its body (it may hold passwords or message content).</summary>
internal sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = typeof(TRequest).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            logger.LogInformation("{Request} succeeded in {ElapsedMs:0.0} ms", name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex) when (ex is ChatApplicationException or DomainException)
        {
            var code = ex is ChatApplicationException app ? app.Code : ((DomainException)ex).Code;
            logger.LogInformation("{Request} refused with {Code} in {ElapsedMs:0.0} ms", name, code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No stack trace here: the transport's error mapper logs the failure once (a bug with its stack, a database
            // outage once per interval); logging it here too would double every line and defeat that throttle.
            logger.LogInformation("{Request} failed with {Exception} in {ElapsedMs:0.0} ms", name, ex.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}

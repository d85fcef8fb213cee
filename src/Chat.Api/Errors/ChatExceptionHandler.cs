using System.Globalization;
using Chat.Api.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Chat.Api.Errors;

/// <summary>Turns every exception into a problem document; an unexpected one is logged and answers a bare 500 (logging: <see cref="FailureLog"/>).</summary>
internal sealed class ChatExceptionHandler(IProblemDetailsService problems, FailureLog log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var failure = ProblemCodes.FromException(exception);
        ProblemDetails problem;
        if (failure is null)
        {
            log.Bug(exception, $"{httpContext.Request.Method} {LoggingSetup.RouteOf(httpContext)}");
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Detail = "An unexpected error occurred." };
        }
        else
        {
            log.Failure(failure, exception, $"{httpContext.Request.Method} {LoggingSetup.RouteOf(httpContext)}");
            problem = ProblemDocuments.Create(failure);
            if (failure.RetryAfterSeconds is not null)
            {
                httpContext.Response.Headers.RetryAfter = failure.RetryAfterSeconds.Value.ToString(CultureInfo.InvariantCulture);
            }
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}

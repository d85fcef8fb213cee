using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Chat.Api.Errors;

/// <summary>Shapes every problem document (ours and the framework's) as spec/README.md "Errors": type, title, status, detail, code, traceId.</summary>
public static class ProblemDocuments
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;

        if (!problem.Extensions.TryGetValue("code", out var existing) || existing is not string code)
        {
            code = ProblemCodes.CodeForStatus(status);
            problem.Extensions["code"] = code;
        }

        problem.Type = "/problems/" + code;
        problem.Title = ProblemCodes.TitleOf(code);
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        problem.Extensions.Remove("exception");
        problem.Instance = null;
    }

    public static ProblemDetails Create(ProblemCodes.Failure failure)
    {
        var problem = new ProblemDetails { Status = failure.Status, Detail = failure.Detail };
        problem.Extensions["code"] = failure.Code;
        if (failure.Errors is not null)
        {
            problem.Extensions["errors"] = failure.Errors;
        }

        if (failure.RetryAfterSeconds is not null)
        {
            problem.Extensions["retryAfterSeconds"] = failure.RetryAfterSeconds;
        }

        return problem;
    }
}

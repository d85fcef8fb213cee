namespace Chat.Api.Endpoints;

/// <summary>Shared bits of endpoint declarations.</summary>
internal static class EndpointExtensions
{
    /// <summary>Declares the problem answers an endpoint can give, so Swagger lists them.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }
}

using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Chat.Api.Infrastructure;

/// <summary>Swagger with XML comments and an OAuth2 password flow against <c>/api/v1/auth/token</c>.</summary>
internal static class SwaggerSetup
{
    public const string SchemeName = "oauth2";

    public static IServiceCollection AddChatSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Chat API",
                Version = "v1",
                Description = "Self-hosted real-time chat backend. Errors are RFC 9457 problem documents with a stable `code`. " +
                    "Live events arrive over the WebSocket at `/ws` (see README).",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }

            options.AddSecurityDefinition(SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Sign in with a username and password; every call then carries the bearer token.",
                Flows = new OpenApiOAuthFlows
                {
                    Password = new OpenApiOAuthFlow { TokenUrl = new Uri("/api/v1/auth/token", UriKind.Relative), Scopes = new Dictionary<string, string>() },
                },
            });
            options.OperationFilter<AuthorizeOperationFilter>();
            options.CustomSchemaIds(SchemaId);
        });
        return services;
    }

    // Feature DTOs are named by their feature path (Auth.TokenPairDto); framework types by their short name (ProblemDetails).
    private static string SchemaId(Type type) => type.FullName is { } name && name.StartsWith("Chat.", StringComparison.Ordinal)
        ? name.Replace("Chat.Application.Features.", string.Empty).Replace("Chat.Api.Endpoints.", string.Empty).Replace('+', '.')
        : type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaId)) : type.Name;

    /// <summary>Marks every endpoint that needs a token with the OAuth2 requirement (and its 401).</summary>
    private sealed class AuthorizeOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        }
    }
}

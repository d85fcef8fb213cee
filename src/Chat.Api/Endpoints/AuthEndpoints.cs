using Chat.Application.Common.Exceptions;
using Chat.Application.Features.Auth;
using Chat.Application.Features.Auth.Login;
using Chat.Application.Features.Auth.ChangePassword;
using Chat.Application.Features.Auth.Logout;
using Chat.Application.Features.Auth.LogoutEverywhere;
using Chat.Application.Features.Auth.RefreshTokens;
using Chat.Application.Features.Auth.Register;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Chat.Api.Endpoints;

/// <summary>Register, log in, refresh and log out (rest.md "Auth").</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/register", Register).AllowAnonymous().RequireRateLimiting("Register")
            .Produces<TokenPairDto>(StatusCodes.Status201Created).ProducesProblems(400, 409, 422, 429);
        group.MapPost("/login", Login).AllowAnonymous()
            .Produces<TokenPairDto>().ProducesProblems(400, 401, 422, 429);
        group.MapPost("/token", Token).AllowAnonymous().DisableAntiforgery()
            .Produces<OAuthTokenResponse>().ProducesProblems(400, 401, 415, 429);
        group.MapPost("/refresh", Refresh).AllowAnonymous()
            .Produces<TokenPairDto>().ProducesProblems(400, 401, 422);
        group.MapPost("/logout", Logout).RequireAuthorization()
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 422);
        group.MapPost("/logout-all", LogoutEverywhere).RequireAuthorization()
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(401);
        group.MapPost("/password", ChangePassword).RequireAuthorization()
            .Produces(StatusCodes.Status204NoContent).ProducesProblems(400, 401, 403, 422, 429);
    }

    /// <summary>Creates an account and signs it in.</summary>
    /// <remarks>Usernames are 3–32 of <c>a-z A-Z 0-9 _ . -</c>, unique case-insensitively; passwords 8–128 characters.</remarks>
    /// <response code="201">The new account's token pair.</response>
    /// <response code="409"><c>username_taken</c>.</response>
    /// <response code="422"><c>validation_failed</c>, with <c>errors</c> per field.</response>
    /// <response code="429">Too many registrations from this address; see <c>Retry-After</c>.</response>
    public static async Task<IResult> Register(RegisterCommand command, IMediator mediator, CancellationToken ct) =>
        Results.Created("/api/v1/users/me", await mediator.Send(command, ct));

    /// <summary>Signs in with a username and password.</summary>
    /// <response code="200">A token pair.</response>
    /// <response code="401"><c>invalid_credentials</c>: the same answer for an unknown user and a wrong password.</response>
    /// <response code="429">Too many failed attempts for this username or address; see <c>Retry-After</c>.</response>
    public static async Task<IResult> Login(LoginCommand command, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(command, ct));

    /// <summary>OAuth2 token endpoint (password and refresh_token grants), used by Swagger UI's Authorize button.</summary>
    /// <param name="grant_type"><c>password</c> or <c>refresh_token</c>.</param>
    /// <param name="username">For the password grant.</param>
    /// <param name="password">For the password grant.</param>
    /// <param name="refresh_token">For the refresh_token grant.</param>
    /// <param name="mediator">Injected.</param>
    /// <param name="ct">Injected.</param>
    /// <response code="200"><c>{ access_token, token_type, expires_in, refresh_token }</c>.</response>
    /// <response code="400"><c>unsupported_grant_type</c> or a missing field.</response>
    /// <response code="401"><c>invalid_credentials</c>, or an invalid or reused refresh token.</response>
    public static async Task<IResult> Token(
        [FromForm] string? grant_type, [FromForm] string? username, [FromForm] string? password, [FromForm] string? refresh_token,
        IMediator mediator, CancellationToken ct)
    {
        var pair = grant_type switch
        {
            "password" => await mediator.Send(new LoginCommand(username ?? string.Empty, password ?? string.Empty), ct),
            "refresh_token" => await mediator.Send(new RefreshTokensCommand(refresh_token ?? string.Empty), ct),
            _ => throw new BadRequestException("grant_type must be 'password' or 'refresh_token'.", "unsupported_grant_type"),
        };
        return Results.Ok(new OAuthTokenResponse(pair.AccessToken, "Bearer", pair.ExpiresIn, pair.RefreshToken));
    }

    /// <summary>Trades a refresh token for a new pair. Each refresh token works once.</summary>
    /// <response code="200">A new token pair; the presented refresh token is spent.</response>
    /// <response code="401"><c>refresh_token_reused</c> when a spent token is presented again (the whole login is revoked), else <c>unauthorized</c>.</response>
    public static async Task<IResult> Refresh(RefreshTokensCommand command, IMediator mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(command, ct));

    /// <summary>Ends a login: the refresh token's login and the caller's own (refresh tokens revoked, access tokens refused, sockets closed with 4001 within 5 s).</summary>
    /// <response code="204">Done (also for an unknown token).</response>
    public static async Task<IResult> Logout(LogoutCommand command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return Results.NoContent();
    }

    /// <summary>Ends every login of the caller, this one included (docs/security.md "What ends a session").</summary>
    /// <response code="204">Every refresh token revoked; every access token refused and every socket closed (4001) within 5 s.</response>
    /// <response code="401">Not signed in (or the session has already ended).</response>
    public static async Task<IResult> LogoutEverywhere(IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new LogoutEverywhereCommand(), ct);
        return Results.NoContent();
    }

    /// <summary>Changes the caller's password and ends every other login of the caller; this login stays signed in.</summary>
    /// <remarks>Body <c>{ currentPassword, newPassword }</c>. The new password follows the registration rules.</remarks>
    /// <response code="204">Changed; the other logins' tokens are refused and their sockets closed (4001) within 5 s.</response>
    /// <response code="403"><c>invalid_credentials</c>: the current password is wrong.</response>
    /// <response code="422"><c>validation_failed</c>: the new password breaks a rule.</response>
    /// <response code="429">Too many wrong current passwords; see <c>Retry-After</c>.</response>
    public static async Task<IResult> ChangePassword(ChangePasswordCommand command, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(command, ct);
        return Results.NoContent();
    }

    /// <summary>The OAuth2 token response (snake_case, as RFC 6749 names it).</summary>
    public sealed record OAuthTokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
        [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string RefreshToken);
}

namespace Chat.Application.Features.Server;

/// <summary>The feature names clients may find in <c>GET /api/v1/server</c> (rest.md "Server").</summary>
public static class ServerFeatures
{
    /// <summary>Register, log in, refresh, log out; profiles and user search.</summary>
    public const string Accounts = "accounts";

    /// <summary>Friend requests, friends, blocks and presence.</summary>
    public const string Friends = "friends";

    /// <summary>Direct and group conversations; messages with edits, deletes, reactions, replies, threads, mentions, read state.</summary>
    public const string Conversations = "conversations";

    /// <summary>Rooms with roles, channels, bans and invites.</summary>
    public const string Rooms = "rooms";

    /// <summary>The WebSocket at <c>/ws</c> (tickets, live events, typing).</summary>
    public const string Realtime = "realtime";

    /// <summary>File uploads attached to messages (<c>POST /attachments</c>); listed only by a build that has them.</summary>
    public const string Attachments = "attachments";

    /// <summary>Message search (<c>GET /search/messages</c>); listed only by a build that has it.</summary>
    public const string Search = "search";
}

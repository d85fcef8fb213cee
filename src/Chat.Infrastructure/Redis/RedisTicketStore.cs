using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Realtime;
using StackExchange.Redis;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// Socket tickets shared by every node: a ticket is kept in Redis under its SHA-256 (never the ticket itself) with the
/// ticket's lifetime as expiry, and redeemed with GETDEL, so it opens exactly one socket on any node. While Redis is
/// away, tickets are issued into and redeemed from this node's own store (valid on this node only).
/// </summary>
internal sealed class RedisTicketStore(RedisConnection redis, RealtimeTicketStore local) : IRealtimeTickets
{
    public int LifetimeSeconds => local.LifetimeSeconds;

    public string Issue(RealtimeTicketGrant grant)
    {
        var ticket = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var stored = redis.Bounded("issuing a ticket", db => db.StringSetAsync(
            Key(ticket), JsonSerializer.SerializeToUtf8Bytes(grant), TimeSpan.FromSeconds(LifetimeSeconds)));
        return stored ? ticket : local.Issue(grant);
    }

    public RealtimeTicketGrant? Redeem(string ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 100)
        {
            return null;
        }

        var value = redis.Bounded("redeeming a ticket", async db => (RedisValue?)await db.StringGetDeleteAsync(Key(ticket)));
        if (value is { IsNull: false } found)
        {
            return JsonSerializer.Deserialize<RealtimeTicketGrant>((byte[])found!);
        }

        return local.Redeem(ticket);
    }

    private RedisKey Key(string ticket) => redis.Key("ticket:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ticket))));
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Chat.Application.Common.Interfaces;
using Chat.Infrastructure.Realtime;

namespace Chat.Infrastructure.Redis;

/// <summary>
/// The bytes of one pub/sub message between nodes: a fixed header (format 1, kind, sending node, the node's message
/// sequence number) and, for an event, its envelope with the frame's UTF-8 JSON as the tail — the frame is copied, never
/// re-serialized, so every node sends the same bytes.
/// </summary>
/// <remarks>
/// Layout (little-endian): <c>[0]</c> format = 1 · <c>[1]</c> kind (1 event, 2 heartbeat) · <c>[2..18)</c> node id ·
/// <c>[18..26)</c> sequence. Event body: flags (bit 0 except-session, bit 1 receipt, bit 2 follows — the sending node
/// had delivered the conversation's previous version before this one, see <see cref="CrossNodeOrdering"/>) · except-session id (16) · receipt
/// (conversation 16, seq 8, sender 16) · recipient count (int32) and ids (16 each) · type length (uint16) and UTF-8 ·
/// the frame to the end. A heartbeat's sequence is the last one its node assigned, so a receiver that has seen less
/// knows it missed something.
/// </remarks>
public static class RedisEnvelopeCodec
{
    public const byte Format = 1;
    private const int HeaderSize = 26;

    public enum Kind : byte
    {
        Event = 1,
        Heartbeat = 2,
    }

    /// <summary>One decoded message; <see cref="Envelope"/> is null for a heartbeat.</summary>
    public readonly record struct Message(Kind Kind, Guid NodeId, long Sequence, RealtimeEnvelope? Envelope, bool Follows = false);

    public static byte[] EncodeHeartbeat(Guid nodeId, long lastSequence)
    {
        var bytes = new byte[HeaderSize];
        WriteHeader(bytes, Kind.Heartbeat, nodeId, lastSequence);
        return bytes;
    }

    public static byte[] EncodeEvent(Guid nodeId, long sequence, RealtimeEnvelope envelope, bool follows = false)
    {
        var type = Encoding.UTF8.GetBytes(envelope.Type);
        var size = HeaderSize + 1 + (envelope.ExceptSessionId is null ? 0 : 16) + (envelope.Receipt is null ? 0 : 40)
            + 4 + (16 * envelope.UserIds.Count) + 2 + type.Length + envelope.Frame.Length;
        var bytes = new byte[size];
        WriteHeader(bytes, Kind.Event, nodeId, sequence);
        var span = bytes.AsSpan(HeaderSize);
        span[0] = (byte)((envelope.ExceptSessionId is null ? 0 : 1) | (envelope.Receipt is null ? 0 : 2) | (follows ? 4 : 0));
        span = span[1..];
        if (envelope.ExceptSessionId is { } except)
        {
            except.TryWriteBytes(span);
            span = span[16..];
        }

        if (envelope.Receipt is { } receipt)
        {
            receipt.ConversationId.TryWriteBytes(span);
            BinaryPrimitives.WriteInt64LittleEndian(span[16..], receipt.Seq);
            receipt.SenderId.TryWriteBytes(span[24..]);
            span = span[40..];
        }

        BinaryPrimitives.WriteInt32LittleEndian(span, envelope.UserIds.Count);
        span = span[4..];
        for (var i = 0; i < envelope.UserIds.Count; i++)
        {
            envelope.UserIds[i].TryWriteBytes(span);
            span = span[16..];
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)type.Length);
        type.CopyTo(span[2..]);
        envelope.Frame.Span.CopyTo(span[(2 + type.Length)..]);
        return bytes;
    }

    /// <summary>Decodes a message; null when it is not one of ours (another format, truncated).</summary>
    public static Message? Decode(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (span.Length < HeaderSize || span[0] != Format || span[1] is not ((byte)Kind.Event or (byte)Kind.Heartbeat))
        {
            return null;
        }

        var kind = (Kind)span[1];
        var nodeId = new Guid(span[2..18]);
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(span[18..26]);
        if (kind == Kind.Heartbeat)
        {
            return new Message(kind, nodeId, sequence, null);
        }

        try
        {
            var offset = HeaderSize;
            var flags = span[offset++];
            Guid? except = null;
            if ((flags & 1) != 0)
            {
                except = new Guid(span.Slice(offset, 16));
                offset += 16;
            }

            DeliveryReceipt? receipt = null;
            if ((flags & 2) != 0)
            {
                receipt = new DeliveryReceipt(
                    new Guid(span.Slice(offset, 16)), BinaryPrimitives.ReadInt64LittleEndian(span.Slice(offset + 16, 8)), new Guid(span.Slice(offset + 24, 16)));
                offset += 40;
            }

            var count = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(offset, 4));
            offset += 4;
            if (count < 0 || count > (span.Length - offset) / 16)
            {
                return null;
            }

            var users = new Guid[count];
            for (var i = 0; i < count; i++)
            {
                users[i] = new Guid(span.Slice(offset, 16));
                offset += 16;
            }

            var typeLength = BinaryPrimitives.ReadUInt16LittleEndian(span.Slice(offset, 2));
            offset += 2;
            var type = Encoding.UTF8.GetString(span.Slice(offset, typeLength));
            offset += typeLength;
            return new Message(kind, nodeId, sequence, new RealtimeEnvelope(users, except, type, bytes[offset..], receipt), (flags & 4) != 0);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static void WriteHeader(Span<byte> bytes, Kind kind, Guid nodeId, long sequence)
    {
        bytes[0] = Format;
        bytes[1] = (byte)kind;
        nodeId.TryWriteBytes(bytes[2..18]);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[18..26], sequence);
    }
}

/// <summary>
/// Where an event stands in its conversation's order, read from the serialized frame (so the bus needs nothing beyond
/// <see cref="RealtimeEnvelope"/>): the message events (realtime.md "Rules") carry <c>conversationId</c> and the
/// <c>version</c> they produced, at the top level or inside <c>message</c>.
/// </summary>
public static class EventPosition
{
    private static readonly HashSet<string> Ordered = ["new_message", "message_edited", "message_deleted", "reaction_added", "reaction_removed"];

    /// <summary>Events that change who receives a conversation's events (the recipient caches drop their entry).</summary>
    private static readonly HashSet<string> Membership =
        ["member_joined", "member_left", "conversation_created", "conversation_updated", "room_deleted", "channel_created", "channel_deleted", "channel_updated", "room_updated"];

    public static bool IsOrdered(string type) => Ordered.Contains(type);

    public static bool ChangesMembership(string type) => Membership.Contains(type);

    /// <summary>The frame's conversation and version, or null when it has none (not a message event, or malformed).</summary>
    public static (Guid Conversation, long Version)? Of(ReadOnlySpan<byte> frame)
    {
        Guid? conversation = null;
        long? version = null;
        try
        {
            var reader = new Utf8JsonReader(frame);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            Scan(ref reader, ref conversation, ref version, nested: true);
        }
        catch (JsonException)
        {
            return null;
        }

        return conversation is { } c && version is { } v ? (c, v) : null;
    }

    /// <summary>The <c>conversationId</c> (or <c>roomId</c>, flagged) a membership event names, when it names one.</summary>
    public static (Guid Id, bool IsRoom)? SubjectOf(ReadOnlySpan<byte> frame)
    {
        try
        {
            var reader = new Utf8JsonReader(frame);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            Guid? room = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isConversation = reader.ValueTextEquals("conversationId"u8);
                var isRoom = reader.ValueTextEquals("roomId"u8);
                reader.Read();
                if (isConversation && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var id))
                {
                    return (id, false);
                }

                if (isRoom && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var r))
                {
                    room = r;
                }

                reader.Skip();
            }

            return room is { } roomId ? (roomId, true) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Scan(ref Utf8JsonReader reader, ref Guid? conversation, ref long? version, bool nested)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isConversation = reader.ValueTextEquals("conversationId"u8);
            var isVersion = reader.ValueTextEquals("version"u8);
            var isMessage = nested && reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isConversation && reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var id))
            {
                conversation ??= id;
            }
            else if (isVersion && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var v))
            {
                version ??= v;
            }
            else if (isMessage && reader.TokenType == JsonTokenType.StartObject)
            {
                Scan(ref reader, ref conversation, ref version, nested: false);
            }
            else
            {
                reader.Skip();
            }
        }
    }
}

using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>
/// One server event on its way to sockets, as it travels on the <see cref="IRealtimeBus"/>: already serialized, so every
/// node and every socket sends the same bytes.
/// </summary>
/// <param name="UserIds">Every socket of these users receives the frame…</param>
/// <param name="ExceptSessionId">…except this one (the socket the change came from).</param>
/// <param name="Type">The event's <c>type</c> (for metrics and logs).</param>
/// <param name="Frame">The UTF-8 JSON text.</param>
/// <param name="Receipt">For a message push in a direct conversation: report its arrival on the recipient's devices.</param>
public sealed record RealtimeEnvelope(
    IReadOnlyList<Guid> UserIds,
    Guid? ExceptSessionId,
    string Type,
    ReadOnlyMemory<byte> Frame,
    DeliveryReceipt? Receipt = null);

using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>One serialized server frame queued for a socket, with what to report once it has been written.</summary>
/// <param name="Bytes">The UTF-8 JSON text; the same bytes are shared by every recipient socket.</param>
/// <param name="Receipt">For a pushed message: who should learn that it reached the recipient's device.</param>
public readonly record struct OutboundFrame(ReadOnlyMemory<byte> Bytes, DeliveryReceipt? Receipt = null);

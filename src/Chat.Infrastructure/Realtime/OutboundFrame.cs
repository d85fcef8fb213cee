using Chat.Application.Common.Interfaces;

namespace Chat.Infrastructure.Realtime;

/// <summary>One serialized server frame queued for a socket, with what to report once it has been written.</summary>
/// <param name="Bytes">The UTF-8 JSON text; the same bytes are shared by every recipient socket.</param>
/// <param name="Receipt">For a pushed message: who should learn that it reached the recipient's device.</param>
/// <param name="EnqueuedAt">For an event: when it was queued (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), so its wait is measured; 0 for answers.</param>
public readonly record struct OutboundFrame(ReadOnlyMemory<byte> Bytes, DeliveryReceipt? Receipt = null, long EnqueuedAt = 0);

namespace Chat.Application.Features.Messages;

/// <summary>A message as a group of viewers sees it (one event serialization for all of them).</summary>
internal sealed record MessageView(IReadOnlyCollection<Guid> ViewerIds, MessageDto Message);

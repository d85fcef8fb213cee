namespace Chat.Application.Features.Messages.GetChanges;

/// <summary>
/// A page of changes. <see cref="Version"/> is what to pass as <c>since</c> next: the last item's version while
/// <see cref="HasMore"/>, the conversation's version once caught up.
/// </summary>
public sealed record ChangesDto(IReadOnlyList<MessageDto> Items, long Version, bool HasMore);

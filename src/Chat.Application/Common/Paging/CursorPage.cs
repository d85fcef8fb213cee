namespace Chat.Application.Common.Paging;

/// <summary>A page of a list: <c>{ items, nextCursor }</c>; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);

using Chat.Application.Features.Conversations;
using MediatR;

namespace Chat.Application.Features.Rooms.UpdateChannel;

/// <summary>Renames, re-topics or moves a channel (admin+). A null field stays; an empty topic clears it.</summary>
public sealed record UpdateChannelCommand(Guid RoomId, Guid ChannelId, string? Name, string? Topic, int? Position) : IRequest<ConversationDto>;

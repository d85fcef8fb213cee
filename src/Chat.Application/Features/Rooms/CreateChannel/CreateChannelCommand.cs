using Chat.Application.Features.Conversations;
using Chat.Domain.Conversations;
using MediatR;

namespace Chat.Application.Features.Rooms.CreateChannel;

/// <summary>Adds a channel to a room (admin+). Without a position it goes last.</summary>
public sealed record CreateChannelCommand(Guid RoomId, string Name, ChannelType? Type, string? Topic, int? Position) : IRequest<ConversationDto>;

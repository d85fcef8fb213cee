using Chat.Application.Common.Paging;
using Chat.Application.Features.Conversations;
using MediatR;

namespace Chat.Application.Features.Rooms.GetRoomChannels;

/// <summary>A room's channels by position (members only), each as a Conversation with the caller's unread count.</summary>
public sealed record GetRoomChannelsQuery(Guid RoomId) : IRequest<CursorPage<ConversationDto>>;

using Chat.Application.Common.Interfaces;
using Chat.Application.Features.Conversations;
using MediatR;

namespace Chat.Application.Features.Rooms.UpdateChannel;

internal sealed class UpdateChannelCommandHandler(ICurrentUser currentUser, ChannelEditor editor, ConversationReader conversations)
    : IRequestHandler<UpdateChannelCommand, ConversationDto>
{
    public async Task<ConversationDto> Handle(UpdateChannelCommand request, CancellationToken cancellationToken)
    {
        await editor.UpdateAsync(request.RoomId, request.ChannelId, request.Name, request.Topic, request.Position, cancellationToken);
        return await conversations.ReadOneAsync(request.ChannelId, currentUser.UserId, cancellationToken);
    }
}

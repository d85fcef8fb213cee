using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Conversations.GetConversation;

internal sealed class GetConversationQueryHandler(ICurrentUser currentUser, ConversationReader reader) : IRequestHandler<GetConversationQuery, ConversationDto>
{
    public Task<ConversationDto> Handle(GetConversationQuery request, CancellationToken cancellationToken) =>
        reader.ReadOneAsync(request.ConversationId, currentUser.UserId, cancellationToken);
}

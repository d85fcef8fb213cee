using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Features.Messages.GetMessage;

internal sealed class GetMessageQueryHandler(ICurrentUser currentUser, MessageReader reader) : IRequestHandler<GetMessageQuery, MessageDto>
{
    public Task<MessageDto> Handle(GetMessageQuery request, CancellationToken cancellationToken) =>
        reader.ReadOneAsync(request.MessageId, currentUser.UserId, cancellationToken);
}

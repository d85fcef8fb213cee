using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Admin.DeleteAnyMessage;

/// <summary>
/// A global administrator deletes any message in any conversation (the same tombstone and <c>message_deleted</c> event
/// as a moderator's delete); deleting a deleted message changes nothing but is still audited. 404 for an unknown message.
/// </summary>
public sealed record DeleteAnyMessageCommand(Guid MessageId, string? Reason) : IRequest<MediatR.Unit>, IAdministratorRequest;

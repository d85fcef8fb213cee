using MediatR;

namespace Chat.Application.Features.Blocks.BlockUser;

/// <summary>The caller blocks <see cref="UserId"/>; any friendship or pending request between them ends. Blocking again changes nothing.</summary>
public sealed record BlockUserCommand(Guid UserId) : IRequest<Unit>;

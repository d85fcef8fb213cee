using MediatR;

namespace Chat.Application.Features.Blocks.UnblockUser;

/// <summary>The caller lifts their block of <see cref="UserId"/>; nothing happens when there is none. A block the other user placed stays.</summary>
public sealed record UnblockUserCommand(Guid UserId) : IRequest<Unit>;

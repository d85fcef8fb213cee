using MediatR;

namespace Chat.Application.Features.Rooms.GetRoomInvite;

/// <summary>Where an invite leads (anyone signed in); 404 when it does not exist, has expired or is used up.</summary>
public sealed record GetRoomInviteQuery(string Code) : IRequest<InvitePreviewDto>;

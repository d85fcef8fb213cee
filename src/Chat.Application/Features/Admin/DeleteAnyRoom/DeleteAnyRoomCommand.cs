using Chat.Application.Common.Behaviours;
using MediatR;

namespace Chat.Application.Features.Admin.DeleteAnyRoom;

/// <summary>
/// A global administrator deletes any room with its channels and their messages, as its owner can; members get
/// <c>room_deleted</c>. 404 for an unknown room.
/// </summary>
public sealed record DeleteAnyRoomCommand(Guid RoomId, string? Reason) : IRequest<MediatR.Unit>, IAdministratorRequest;

using Chat.Application.Common.Exceptions;
using Chat.Application.Common.Interfaces;
using MediatR;

namespace Chat.Application.Common.Behaviours;

/// <summary>Refuses an <see cref="IAdministratorRequest"/> from anyone but a global administrator (403 <c>forbidden</c>).</summary>
internal sealed class AdministratorBehaviour<TRequest, TResponse>(ICurrentUser currentUser) : IPipelineBehavior<TRequest, TResponse>
{
    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is IAdministratorRequest && !currentUser.IsAdmin)
        {
            throw new ForbiddenException("Only administrators may do this.");
        }

        return next();
    }
}

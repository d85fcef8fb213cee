namespace Chat.Application.Common.Behaviours;

/// <summary>
/// Marks a command or query of the admin API: <see cref="AdministratorBehaviour{TRequest,TResponse}"/> lets it through
/// only for a global administrator (403 <c>forbidden</c> otherwise), before validation, so others learn nothing.
/// </summary>
public interface IAdministratorRequest;

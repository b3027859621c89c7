namespace EdgeSecurity.Host.Api;

/// <summary>A request parameter (query, route or body field) has a value the API does not accept;
/// the message names the parameter and what is allowed, and becomes the 400's ProblemDetails detail.</summary>
public sealed class ApiParameterException(string parameter, string message) : Exception(message)
{
    /// <summary>Name of the parameter as the client sent it (query name, route segment or body field).</summary>
    public string Parameter { get; } = parameter;
}

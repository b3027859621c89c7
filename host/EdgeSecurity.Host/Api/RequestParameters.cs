using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace EdgeSecurity.Host.Api;

/// <summary>
/// Strict reading of query parameters: every endpoint lists the names it understands, so a misspelt
/// filter (<c>minSeverty=3</c>) is a 400 instead of a silently unfiltered answer; each value is read
/// once (a repeated parameter is refused) and checked against what is allowed.
/// </summary>
internal sealed class RequestParameters
{
    private readonly IQueryCollection _query;

    private RequestParameters(IQueryCollection query)
    {
        _query = query;
    }

    /// <summary>Reads the query of <paramref name="request"/>; any name outside <paramref name="allowed"/> is refused.</summary>
    public static RequestParameters From(HttpRequest request, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in request.Query.Keys)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new ApiParameterException(
                    name,
                    allowed.Length == 0
                        ? $"Unknown query parameter '{name}': this endpoint takes none."
                        : $"Unknown query parameter '{name}': this endpoint takes {string.Join(", ", allowed)}.");
            }
        }

        return new RequestParameters(request.Query);
    }

    /// <summary>The single value of <paramref name="name"/>, or null when absent; empty or repeated values are refused.</summary>
    public string? Text(string name)
    {
        if (!_query.TryGetValue(name, out var values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            throw new ApiParameterException(name, $"Parameter '{name}' is given {values.Count} times: give it once.");
        }

        var value = values[0];
        return string.IsNullOrEmpty(value) ? throw new ApiParameterException(name, $"Parameter '{name}' is empty: give a value or leave it out.") : value;
    }

    /// <summary>A decimal integer in [<paramref name="min"/>, <paramref name="max"/>], or <paramref name="fallback"/> when absent.</summary>
    public int? Integer(string name, int min, int max, int? fallback = null)
    {
        var text = Text(name);
        if (text is null)
        {
            return fallback;
        }

        return ParameterValues.Integer(name, text, min, max);
    }
}

/// <summary>Checks of single values shared by query parameters, route values and body fields.</summary>
internal static class ParameterValues
{
    public static int Integer(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ApiParameterException(name, $"Invalid '{name}' value '{text}': use a whole number from {min} to {max}.");

    /// <summary>A positive 64-bit identifier (route values such as an alert id).</summary>
    public static long Identifier(string name, string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ApiParameterException(name, $"Invalid '{name}' value '{text}': use a positive whole number.");

    public static T Choice<T>(string name, string text, IReadOnlyDictionary<string, T> choices)
        where T : struct =>
        choices.TryGetValue(text, out var value)
            ? value
            : throw new ApiParameterException(name, $"Invalid '{name}' value '{text}': use one of {string.Join(", ", choices.Keys)}.");
}

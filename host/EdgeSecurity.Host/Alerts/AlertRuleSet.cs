using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSecurity.Host.Alerts;

/// <summary>
/// The rules in force: the built-in defaults, with a rule file's entries replacing defaults of the same id
/// (or disabling them with "enabled": false) and adding new ones. Invalid files fail the start with a
/// message naming the problem.
/// </summary>
public sealed class AlertRuleSet
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public AlertRuleSet(IEnumerable<AlertRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        var problems = list.Where(r => r.Enabled).SelectMany(r => r.Problems())
            .Concat(list.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"rule id '{g.Key}' is used more than once"))
            .ToList();
        if (problems.Count > 0)
        {
            throw new AlertRuleException("Invalid alert rules: " + string.Join("; ", problems) + ".");
        }

        Rules = list.Where(r => r.Enabled).ToList();
    }

    /// <summary>The enabled rules.</summary>
    public IReadOnlyList<AlertRule> Rules { get; }

    public static AlertRuleSet Defaults() => new(DefaultAlertRules.Create());

    /// <summary>Defaults merged with the rule file at <paramref name="path"/> ({"rules": [...]}); defaults alone when path is empty.</summary>
    public static AlertRuleSet Load(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return Defaults();
        }

        if (!File.Exists(path))
        {
            throw new AlertRuleException($"The alert rule file '{path}' does not exist (remove AlertRulesFile to use the built-in rules).");
        }

        RuleFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RuleFile>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException e)
        {
            throw new AlertRuleException($"The alert rule file '{path}' is not valid: {e.Message}", e);
        }

        return Merge(file?.Rules ?? []);
    }

    /// <summary>Defaults with <paramref name="overrides"/> replacing rules of the same id and adding the others.</summary>
    public static AlertRuleSet Merge(IEnumerable<AlertRule> overrides)
    {
        var byId = DefaultAlertRules.Create().ToDictionary(r => r.Id, StringComparer.Ordinal);
        var added = new List<AlertRule>();
        foreach (var rule in overrides)
        {
            if (byId.ContainsKey(rule.Id))
            {
                byId[rule.Id] = rule;
            }
            else
            {
                added.Add(rule);
            }
        }

        return new AlertRuleSet(byId.Values.Concat(added));
    }

    private sealed class RuleFile
    {
        public List<AlertRule> Rules { get; set; } = [];
    }
}

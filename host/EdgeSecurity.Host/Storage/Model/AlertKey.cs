namespace EdgeSecurity.Host.Storage.Model;

/// <summary>How long an alert's key keeps other alerts of its rule and device with the same key from being raised.</summary>
public enum AlertKeyScope
{
    /// <summary>While the alert is new: repeats extend it; once an analyst or the host moved it on, the next repeat raises a new alert.</summary>
    WhileNew = 0,

    /// <summary>For ever, whatever happens to the alert (one alert per certificate serial number).</summary>
    Forever = 1,
}

/// <summary>
/// What makes two raisings of a rule for a device the same incident. The store enforces it with a unique index, so
/// host instances raising at the same moment get one alert (decision 211).
/// </summary>
public readonly record struct AlertKey(AlertKeyScope Scope, string Value)
{
    /// <summary>One new alert of the rule and device at a time (the rule's default).</summary>
    public static AlertKey WhileNew(string value = "") => new(AlertKeyScope.WhileNew, value);

    public static AlertKey Forever(string value) => new(AlertKeyScope.Forever, value);
}

/// <summary>The alert a raising ended in: the one it inserted (<see cref="Created"/>) or the one that already had its key.</summary>
public readonly record struct AlertRaising(long Id, bool Created);

namespace EdgeSecurity.Host.Api;

/// <summary>What a token may do; each role includes the ones before it.</summary>
public enum ApiRole
{
    /// <summary>Read devices, events, alerts, bundles and campaigns.</summary>
    Viewer = 0,

    /// <summary>Also triage alerts (acknowledge, assign, annotate, resolve).</summary>
    Analyst = 1,

    /// <summary>Also operate the fleet: upload bundles and trust roots, tag devices, set minimum counters,
    /// create, pause, resume and abort campaigns, export and forward.</summary>
    Operator = 2,

    /// <summary>Everything, including token management.</summary>
    Admin = 3,
}

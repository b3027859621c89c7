namespace EdgeSecurity.Host.Api;

/// <summary>What a token may do; each role includes the ones before it.</summary>
public enum ApiRole
{
    /// <summary>Read devices, events, alerts, bundles and campaigns.</summary>
    Viewer = 0,

    /// <summary>Also change alert status (acknowledge, close).</summary>
    Analyst = 1,

    /// <summary>Analyst plus the OTA actions: upload bundles and trust roots, tag devices, set minimum
    /// counters, create, pause, resume and abort campaigns.</summary>
    Operator = 2,

    /// <summary>Everything, including future administrative endpoints.</summary>
    Admin = 3,
}

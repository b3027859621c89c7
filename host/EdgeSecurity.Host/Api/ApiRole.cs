namespace EdgeSecurity.Host.Api;

/// <summary>What a token may do; each role includes the ones before it.</summary>
public enum ApiRole
{
    /// <summary>Read devices, events and alerts.</summary>
    Viewer = 0,

    /// <summary>Also change alert status (acknowledge, close).</summary>
    Analyst = 1,

    /// <summary>Everything, including future administrative endpoints.</summary>
    Admin = 2,
}

namespace EdgeSecurity.Host.Export;

/// <summary>An OCSF 1.x event class: its ids and name (docs/ocsf.md lists where each of ours goes).</summary>
public sealed record OcsfClass(int Uid, int CategoryUid, string Name, string CategoryName)
{
    public static readonly OcsfClass BaseEvent = new(0, 0, "Base Event", "Uncategorized");
    public static readonly OcsfClass EventLogActivity = new(1008, 1, "Event Log Activity", "System Activity");
    public static readonly OcsfClass DetectionFinding = new(2004, 2, "Detection Finding", "Findings");
    public static readonly OcsfClass AccountChange = new(3001, 3, "Account Change", "Identity & Access Management");
    public static readonly OcsfClass Authentication = new(3002, 3, "Authentication", "Identity & Access Management");
    public static readonly OcsfClass NetworkActivity = new(4001, 4, "Network Activity", "Network Activity");
    public static readonly OcsfClass DeviceInventoryInfo = new(5001, 5, "Device Inventory Info", "Discovery");
    public static readonly OcsfClass DeviceConfigStateChange = new(5019, 5, "Device Config State Change", "Discovery");
    public static readonly OcsfClass ApplicationLifecycle = new(6002, 6, "Application Lifecycle", "Application Activity");
}

/// <summary>Where one of our types goes: the class and the activity within it (99 = Other, named by <see cref="ActivityName"/>).</summary>
public sealed record OcsfTarget(OcsfClass Class, int ActivityId, string ActivityName);

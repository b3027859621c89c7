using EdgeSecurity.Firmware.Core.Bundles;

namespace EdgeSecurity.Signing.Bundles;

/// <summary>One file to put in a bundle: its name on the device, what it is, and its bytes.</summary>
public sealed record BundleComponentSource(string Name, ComponentKind Kind, byte[] Content);

// The rest of the core is its own assembly on the device and uses these internals as it does on .NET,
// where the core is one assembly; the portable cases (tests/nanoFramework/Runner) use them as the .NET
// tests do.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("EdgeSecurity.Firmware.Core")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("EdgeSecurity.Firmware.NanoRunner")]

// The portable cases (tests/nanoFramework/Runner) use the core's internals as the .NET tests do; they are
// their own assembly so that neither exceeds nanoFramework's 64 KiB of byte code per assembly.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("EdgeSecurity.Firmware.NanoRunner")]

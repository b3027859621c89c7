// The portable cases (tests/nanoFramework/Runner) use the core's internals as the .NET test project does;
// they are a separate assembly so that neither exceeds the metadata processor's byte code table.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("EdgeSecurity.Firmware.NanoRunner")]

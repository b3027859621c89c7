using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line (BenchmarkDotNet's switcher: --filter '*Ed25519*', --list flat).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

using BenchmarkDotNet.Running;
using EdgeSecurity.Bench.Cluster;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Bench.Mqtt;
using EdgeSecurity.Bench.Soc;
using EdgeSecurity.Bench.WebConsole;

// "ingest" runs the durable-ingest load against the real host (docs/performance.md "Event ingestion").
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestBench.RunAsync(args[1..]);
}

// "cluster" measures the clustered broker beside mosquitto: ingest rate per host count, connections and memory,
// failover time (docs/scale-out.md "Measured").
if (args.Length > 0 && args[0] == "cluster")
{
    return await ClusterBench.RunAsync(args[1..]);
}

// "soc" seeds a fleet-sized database and measures the SOC's API reads and export (docs/performance.md "SOC queries").
if (args.Length > 0 && args[0] == "soc")
{
    return await SocBench.RunAsync(args[1..]);
}

// "console" seeds the same data set and times the web console's first page in Chromium (docs/performance.md "Console first page").
if (args.Length > 0 && args[0] == "console")
{
    return await ConsoleLoadBench.RunAsync(args[1..]);
}

// "mqtt" runs the MQTT client-versus-mosquitto_pub comparison (a load test against a real broker, not a
// BenchmarkDotNet micro-benchmark); anything else goes to BenchmarkDotNet's switcher (--filter '*Ed25519*', --list flat).
if (args.Length > 0 && args[0] == "mqtt")
{
    return await MqttThroughputBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBench).Assembly).Run(args);
return 0;

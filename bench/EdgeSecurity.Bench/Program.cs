using BenchmarkDotNet.Running;
using EdgeSecurity.Bench.Ingest;
using EdgeSecurity.Bench.Mqtt;

// "ingest" runs the durable-ingest load against the real host (docs/performance.md "Event ingestion").
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestBench.RunAsync(args[1..]);
}

// "mqtt" runs the MQTT client-versus-mosquitto_pub comparison (a load test against a real broker, not a
// BenchmarkDotNet micro-benchmark); anything else goes to BenchmarkDotNet's switcher (--filter '*Ed25519*', --list flat).
if (args.Length > 0 && args[0] == "mqtt")
{
    return await MqttThroughputBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBench).Assembly).Run(args);
return 0;

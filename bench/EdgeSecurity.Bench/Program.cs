using BenchmarkDotNet.Running;
using EdgeSecurity.Bench.Mqtt;

// "mqtt" runs the MQTT client-versus-mosquitto_pub comparison (a load test against a real broker, not a
// BenchmarkDotNet micro-benchmark); anything else goes to BenchmarkDotNet's switcher (--filter '*Ed25519*', --list flat).
if (args.Length > 0 && args[0] == "mqtt")
{
    return await MqttThroughputBench.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

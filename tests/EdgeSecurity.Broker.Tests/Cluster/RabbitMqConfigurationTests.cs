using System.Text.Json.Nodes;
using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Broker.Tests.Cluster;

public sealed class RabbitMqConfigurationTests
{
    private static readonly PkiLayout Pki = new("/srv/pki");

    private static readonly RabbitMqClusterOptions Options = new()
    {
        PkiDirectory = Pki.Root,
        OutputDirectory = "/srv/out",
        Nodes = [new RabbitMqNode("es1@node1"), new RabbitMqNode("es2@node2"), new RabbitMqNode("es3@node3")],
    };

    [Fact]
    [Trait("Requirement", "SR-CLU-010")]
    public void Nodes_accept_only_mutual_tls_and_ask_the_authorizer_for_every_decision()
    {
        var lines = RabbitMqConfigBuilder.NodeConfig(Options, Options.Nodes[1], Pki).Split('\n');

        Assert.Contains("listeners.tcp = none", lines);
        Assert.Contains("mqtt.listeners.tcp = none", lines);
        Assert.Contains("mqtt.listeners.ssl.default = 0.0.0.0:8883", lines);
        Assert.Contains("listeners.ssl.default = 127.0.0.1:5671", lines);
        Assert.Contains("ssl_options.verify = verify_peer", lines);
        Assert.Contains("ssl_options.fail_if_no_peer_cert = true", lines);
        Assert.Contains("ssl_options.cacertfile = /srv/pki/ca.crt", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("ssl_options.versions", StringComparison.Ordinal) && !l.EndsWith("tlsv1.3", StringComparison.Ordinal) && !l.EndsWith("tlsv1.2", StringComparison.Ordinal));
        Assert.Contains("mqtt.ssl_cert_login = true", lines);
        Assert.Contains("mqtt.allow_anonymous = false", lines);
        Assert.Contains("auth_backends.1 = cache", lines);
        Assert.Contains("auth_cache.cached_backend = http", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("auth_backends.2", StringComparison.Ordinal));
        Assert.Contains("auth_http.vhost_path = http://127.0.0.1:8885/auth/vhost", lines);
        Assert.Contains("mqtt.durable_queue_type = quorum", lines);
        Assert.Contains("max_message_size = 1048576", lines);
        Assert.Contains("cluster_formation.classic_config.nodes.3 = es3@node3", lines);
        // One rule for every device: nothing in the configuration names a device.
        Assert.DoesNotContain(lines, l => l.Contains("dev-", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-010")]
    public void Definitions_declare_replicated_quorum_queues_bound_to_every_devices_up_leaves()
    {
        var definitions = JsonNode.Parse(RabbitMqConfigBuilder.Definitions(Options))!;
        var queues = definitions["queues"]!.AsArray();
        Assert.Equal([RabbitMqTopology.EventsQueue, RabbitMqTopology.OtaReportsQueue, RabbitMqTopology.CommandResultsQueue], queues.Select(q => (string)q!["name"]!));
        Assert.All(queues, q => Assert.Equal("quorum", (string)q!["arguments"]!["x-queue-type"]!));
        Assert.All(queues, q => Assert.Equal(3, (int)q!["arguments"]!["x-quorum-initial-group-size"]!));
        var bindings = definitions["bindings"]!.AsArray().Select(b => ((string)b!["destination"]!, (string)b!["routing_key"]!)).ToList();
        Assert.Equal(
            [(RabbitMqTopology.EventsQueue, "es.v1.d.*.evt"), (RabbitMqTopology.OtaReportsQueue, "es.v1.d.*.ota.report"), (RabbitMqTopology.CommandResultsQueue, "es.v1.d.*.res")],
            bindings);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("bad name@host")]
    [InlineData("@host")]
    public void A_bad_node_name_is_refused_before_anything_is_written(string name)
    {
        string output = Path.Combine(Path.GetTempPath(), "edgesec-rmq-config-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<ArgumentException>(() => RabbitMqConfigurationWriter.Write(new RabbitMqClusterOptions
        {
            PkiDirectory = "/nonexistent",
            OutputDirectory = output,
            Nodes = [new RabbitMqNode(name)],
        }));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }
}

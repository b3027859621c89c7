using EdgeSecurity.Broker.Configuration;
using EdgeSecurity.Pki;

namespace EdgeSecurity.Broker.Tests;

public sealed class ConfigurationTests
{
    private static readonly PkiLayout Pki = new("/srv/pki");

    [Fact]
    [Trait("Requirement", "SR-BRK-008")]
    public void Listener_requires_mutual_tls_1_2_a_crl_and_no_anonymous_clients()
    {
        var lines = Build(runAsRoot: false).Split('\n');

        Assert.Contains("listener 8883 127.0.0.1", lines);
        Assert.Contains("tls_version tlsv1.2", lines);
        Assert.Contains("require_certificate true", lines);
        Assert.Contains("use_identity_as_username true", lines);
        Assert.Contains("allow_anonymous false", lines);
        Assert.Contains("crlfile /srv/pki/crl.pem", lines);
        Assert.Contains("cafile /srv/pki/ca.crt", lines);
        Assert.Contains("acl_file /data/acl", lines);
        Assert.Contains("persistence true", lines);
        Assert.DoesNotContain("user root", lines);
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-010")]
    public void Only_the_device_listener_replaces_client_ids_with_the_certificate_identity()
    {
        var listeners = ("\n" + Build(runAsRoot: false)).Split("\nlistener ")[1..];

        Assert.Equal(2, listeners.Length);
        Assert.StartsWith("8883 127.0.0.1\n", listeners[0], StringComparison.Ordinal);
        Assert.Contains("\nuse_username_as_clientid true\n", listeners[0], StringComparison.Ordinal);
        Assert.StartsWith("8884 127.0.0.1\n", listeners[1], StringComparison.Ordinal);
        Assert.DoesNotContain("use_username_as_clientid", listeners[1], StringComparison.Ordinal);
        Assert.All(listeners, l => Assert.Contains("\nrequire_certificate true\n", l, StringComparison.Ordinal));
        Assert.All(listeners, l => Assert.Contains("\ncrlfile /srv/pki/crl.pem\n", l, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Requirement", "SR-EVT-HOST-011")]
    public void Offline_sessions_queue_more_than_mosquittos_default_but_bounded_in_bytes()
    {
        var lines = Build(runAsRoot: false).Split('\n');

        Assert.Contains("max_queued_messages 20000", lines);
        Assert.Contains("max_queued_bytes 268435456", lines);
    }

    [Fact]
    public void Nagle_is_off_so_small_acks_are_not_held_for_the_peers_delayed_ack()
    {
        // Without it a host ack waited about 40 ms in mosquitto (docs/performance.md, event ingestion).
        var lines = Build(runAsRoot: false).Split('\n');

        Assert.Contains("set_tcp_nodelay true", lines);
    }

    [Fact]
    public void User_root_is_written_only_when_running_as_root()
    {
        Assert.Contains("user root\n", Build(runAsRoot: true), StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_break_in_a_setting_cannot_inject_a_directive()
    {
        var options = new BrokerOptions { PkiDirectory = "/srv/pki", DataDirectory = "/data", ListenAddress = "127.0.0.1\nallow_anonymous true" };

        Assert.Throws<ArgumentException>(() => MosquittoConfigBuilder.Build(options, Pki, "/data/acl", 8883, 8884));
    }

    [Fact]
    [Trait("Requirement", "SR-BRK-008")]
    public void Acl_confines_devices_to_their_own_topics_and_grants_the_host_the_fleet()
    {
        var lines = AclBuilder.Build("host-service").Split('\n');

        Assert.Contains("pattern write es/v1/d/%u/evt", lines);
        Assert.Contains("pattern read es/v1/d/%u/cmd", lines);
        Assert.Contains("user host-service", lines);
        Assert.Contains("topic read es/v1/d/+/evt", lines);
        Assert.Contains("topic write es/v1/d/+/cmd", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("pattern readwrite", StringComparison.Ordinal) || l.Contains('#', StringComparison.Ordinal) && !l.StartsWith('#'));
    }

    [Fact]
    public void Acl_refuses_a_service_identity_with_wildcards()
    {
        Assert.Throws<ArgumentException>(() => AclBuilder.Build("host/#"));
    }

    private static string Build(bool runAsRoot) =>
        MosquittoConfigBuilder.Build(new BrokerOptions { PkiDirectory = "/srv/pki", DataDirectory = "/data", RunAsRoot = runAsRoot }, Pki, "/data/acl", 8883, 8884);
}

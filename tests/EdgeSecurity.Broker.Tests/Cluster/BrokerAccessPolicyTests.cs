using EdgeSecurity.Broker.Cluster;
using EdgeSecurity.Firmware.Core.Topics;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Broker.Tests.Cluster;

/// <summary>The authorizer's rules over random identities, client ids, routing keys and permissions.</summary>
public sealed class BrokerAccessPolicyTests
{
    private static readonly string[] Users = ["dev-a", "dev-b", "dev-r", "host-service", "stranger", "", "dev-a.x", "*", "#"];
    private static readonly BrokerAccessPolicy Policy = new(() => new FleetIdentities("host-service", ["dev-a", "dev-b"]));

    private static readonly string[] Leaves = [.. DeviceTopics.DeviceToHost, .. DeviceTopics.HostToDevice, "other", ""];

    [Fact]
    [Trait("Requirement", "SR-CLU-011")]
    public void A_device_gets_exactly_its_own_leaves_and_the_service_only_the_down_leaves()
    {
        var routingKeys = from device in Gen.Elements(Users)
                          from leaf in Gen.Elements(Leaves)
                          from mangle in Gen.Choose(0, 3)
                          select mangle switch
                          {
                              0 => RabbitMqTopology.RoutingKey(DeviceTopics.For(device, leaf)),
                              1 => "es.v1.d.*." + RabbitMqTopology.RoutingKey(leaf),
                              2 => "es.v1.d.#",
                              _ => RabbitMqTopology.RoutingKey(DeviceTopics.For(device, leaf)) + ".extra",
                          };
        Prop.ForAll(
            Gen.Elements(Users).ToArbitrary(),
            routingKeys.ToArbitrary(),
            Gen.Elements("read", "write", "configure").ToArbitrary(),
            (user, key, permission) =>
            {
                bool allowed = Policy.AllowsTopic(user, RabbitMqTopology.VirtualHost, RabbitMqTopology.Exchange, key, permission);
                bool expected = user switch
                {
                    "dev-a" or "dev-b" => permission switch
                    {
                        "write" => DeviceTopics.DeviceToHost.Any(l => key == RabbitMqTopology.RoutingKey(DeviceTopics.For(user, l))),
                        "read" => DeviceTopics.HostToDevice.Any(l => key == RabbitMqTopology.RoutingKey(DeviceTopics.For(user, l))),
                        _ => false,
                    },
                    "host-service" => permission == "write" && DeviceTopics.HostToDevice.Any(l => new[] { "dev-a", "dev-b", "dev-r", "stranger" }.Any(d => key == RabbitMqTopology.RoutingKey(DeviceTopics.For(d, l)))),
                    _ => false,
                };
                Assert.True(expected == allowed, $"{user} {permission} {key}: allowed {allowed}, expected {expected}");
                // Other virtual hosts and exchanges are never granted.
                Assert.False(Policy.AllowsTopic(user, "/", RabbitMqTopology.Exchange, key, permission));
                Assert.False(Policy.AllowsTopic(user, RabbitMqTopology.VirtualHost, "amq.fanout", key, permission));
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-011")]
    public void Logins_virtual_hosts_and_queues_follow_the_certificate_identity()
    {
        Prop.ForAll(
            Gen.Elements(Users).ToArbitrary(),
            Gen.Elements<string?>([.. Users, null]).ToArbitrary(),
            Gen.Elements(true, false).ToArbitrary(),
            (user, clientId, password) =>
            {
                bool device = user is "dev-a" or "dev-b";
                bool service = user == "host-service";
                Assert.Equal(!password && (device || service), Policy.AllowsUser(user, password));
                Assert.Equal((device && clientId == user) || (service && clientId is null), Policy.AllowsVirtualHost(user, RabbitMqTopology.VirtualHost, clientId));
                Assert.False(Policy.AllowsVirtualHost(user, "/", user));
                foreach (var (queue, _) in RabbitMqTopology.HostQueues)
                {
                    Assert.Equal(service, Policy.AllowsResource(user, RabbitMqTopology.VirtualHost, "queue", queue, "read"));
                    Assert.False(Policy.AllowsResource(user, RabbitMqTopology.VirtualHost, "queue", queue, "configure"));
                }

                // A device's own session queues, never another's (the plugin names them after the client id, which must be the user).
                foreach (string other in new[] { "dev-a", "dev-b" })
                {
                    string queue = RabbitMqTopology.DeviceSubscriptionQueuePrefix(other) + "1";
                    Assert.Equal(device && other == user, Policy.AllowsResource(user, RabbitMqTopology.VirtualHost, "queue", queue, "read"));
                }
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    [Trait("Requirement", "SR-CLU-007")]
    public void A_device_revoked_in_the_registry_is_refused_from_the_next_reading_on()
    {
        var fleet = new FleetIdentities("host-service", ["dev-a"]);
        var policy = new BrokerAccessPolicy(() => fleet);
        Assert.True(policy.AllowsUser("dev-a", passwordGiven: false));
        fleet = new FleetIdentities("host-service", []);
        Assert.False(policy.AllowsUser("dev-a", passwordGiven: false));
        Assert.False(policy.AllowsTopic("dev-a", RabbitMqTopology.VirtualHost, RabbitMqTopology.Exchange, "es.v1.d.dev-a.evt", "write"));
    }

    /// <summary>Posture attestation rides on the command leaf (host → device) and the command-result leaf (device → host).</summary>
    [Fact]
    [Trait("Requirement", "SR-ATT-011")]
    public void Attestation_challenges_and_answers_follow_the_same_rules_as_on_mosquitto()
    {
        var fleet = new FleetIdentities("host-service", ["dev-a", "dev-b"]);
        var policy = new BrokerAccessPolicy(() => fleet);
        bool Topic(string user, string key, string permission) => policy.AllowsTopic(user, RabbitMqTopology.VirtualHost, RabbitMqTopology.Exchange, key, permission);

        Assert.True(Topic("dev-a", "es.v1.d.dev-a.res", "write"));
        Assert.True(Topic("dev-a", "es.v1.d.dev-a.cmd", "read"));
        Assert.False(Topic("dev-a", "es.v1.d.dev-b.res", "write"));
        Assert.False(Topic("dev-a", "es.v1.d.dev-b.cmd", "read"));
        Assert.False(Topic("dev-a", "es.v1.d.dev-a.cmd", "write"));
        Assert.True(Topic("host-service", "es.v1.d.dev-b.cmd", "write"));
        Assert.False(Topic("host-service", "es.v1.d.dev-b.res", "write"));
        Assert.True(policy.AllowsResource("host-service", RabbitMqTopology.VirtualHost, "queue", RabbitMqTopology.CommandResultsQueue, "read"));
        Assert.False(policy.AllowsResource("dev-a", RabbitMqTopology.VirtualHost, "queue", RabbitMqTopology.CommandResultsQueue, "read"));
    }
}

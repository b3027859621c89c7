using EdgeSecurity.Firmware.Core.Topics;

namespace EdgeSecurity.Broker.Cluster;

/// <summary>
/// The cluster's access rules, asked by RabbitMQ's HTTP auth backend for every login, virtual host,
/// resource and topic check (docs/formats/topics.md "Who may do what" is the same table). One rule covers
/// every device: the user name is the certificate CN, so a device is confined to its own topic tree, and
/// its MQTT client id must equal that name, so it can neither take over another client's session nor
/// consume anything but its own subscription queue. Anything not granted is refused.
/// </summary>
public sealed class BrokerAccessPolicy(Func<FleetIdentities> identities)
{
    /// <summary>
    /// Login. Only certificate logins are accepted (RabbitMQ sends no password for those): a password would
    /// let a client pick its user name, and nobody in the fleet has one.
    /// </summary>
    public bool AllowsUser(string? username, bool passwordGiven) => RefusesUser(username, passwordGiven) == LoginRefusal.None;

    /// <summary>Why a login is refused (<see cref="LoginRefusal.None"/>: it is not), for the authorizer's report of refused logins.</summary>
    public LoginRefusal RefusesUser(string? username, bool passwordGiven)
    {
        var fleet = identities();
        if (passwordGiven)
        {
            return LoginRefusal.PasswordGiven;
        }

        if (fleet.IsActiveDevice(username) || fleet.IsService(username))
        {
            return LoginRefusal.None;
        }

        return fleet.IsRevokedDevice(username) ? LoginRefusal.RevokedDevice : LoginRefusal.UnknownIdentity;
    }

    /// <summary>
    /// Virtual host access, the step before the MQTT plugin registers the client id (and disconnects an
    /// older connection with that id). A device must use its own id; the service connects over AMQP,
    /// where there is no client id.
    /// </summary>
    public bool AllowsVirtualHost(string? username, string? virtualHost, string? clientId)
    {
        var fleet = identities();
        if (virtualHost != RabbitMqTopology.VirtualHost)
        {
            return false;
        }

        return fleet.IsActiveDevice(username)
            ? string.Equals(clientId, username, StringComparison.Ordinal)
            : fleet.IsService(username) && clientId is null;
    }

    /// <summary>Configure/write/read on an exchange or queue.</summary>
    public bool AllowsResource(string? username, string? virtualHost, string? kind, string? name, string? permission)
    {
        var fleet = identities();
        if (virtualHost != RabbitMqTopology.VirtualHost || name is null || username is null)
        {
            return false;
        }

        if (fleet.IsService(username))
        {
            // Consume the host queues, publish to the topic exchange: no declaring, deleting or binding anything else.
            return (kind, permission) switch
            {
                ("queue", "read") => RabbitMqTopology.HostQueues.Any(q => q.Queue == name),
                ("exchange", "write") => name == RabbitMqTopology.Exchange,
                _ => false,
            };
        }

        if (!fleet.IsActiveDevice(username))
        {
            return false;
        }

        // What the MQTT plugin needs for a device: its own subscription queues (declare, bind into, consume)
        // and the topic exchange (publish into, bind from). Topic checks then decide which routing keys.
        return kind switch
        {
            "queue" => name.StartsWith(RabbitMqTopology.DeviceSubscriptionQueuePrefix(username), StringComparison.Ordinal)
                && name.Length == RabbitMqTopology.DeviceSubscriptionQueuePrefix(username).Length + 1
                && permission is "configure" or "write" or "read",
            "exchange" => name == RabbitMqTopology.Exchange && permission is "write" or "read",
            _ => false,
        };
    }

    /// <summary>Publishing (write) or binding (read) one routing key on the topic exchange.</summary>
    public bool AllowsTopic(string? username, string? virtualHost, string? exchange, string? routingKey, string? permission)
    {
        var fleet = identities();
        if (virtualHost != RabbitMqTopology.VirtualHost || exchange != RabbitMqTopology.Exchange || routingKey is null || username is null)
        {
            return false;
        }

        if (fleet.IsService(username))
        {
            // The host writes every device's down leaves; it never publishes as a device.
            return permission == "write" && DeviceTopics.HostToDevice.Any(leaf => IsAnyDevicesLeaf(routingKey, leaf));
        }

        if (!fleet.IsActiveDevice(username))
        {
            return false;
        }

        string[] leaves = permission switch
        {
            "write" => DeviceTopics.DeviceToHost,
            "read" => DeviceTopics.HostToDevice,
            _ => [],
        };
        return leaves.Any(leaf => routingKey == RabbitMqTopology.RoutingKey(DeviceTopics.For(username, leaf)));
    }

    // es.v1.d.<valid device id>.<leaf>, never a wildcard.
    private static bool IsAnyDevicesLeaf(string routingKey, string leaf)
    {
        string prefix = RabbitMqTopology.RoutingKey(DeviceTopics.Root) + ".";
        string suffix = "." + RabbitMqTopology.RoutingKey(leaf);
        if (!routingKey.StartsWith(prefix, StringComparison.Ordinal) || !routingKey.EndsWith(suffix, StringComparison.Ordinal) || routingKey.Length <= prefix.Length + suffix.Length)
        {
            return false;
        }

        return Pki.DeviceId.IsValid(routingKey[prefix.Length..^suffix.Length]);
    }
}

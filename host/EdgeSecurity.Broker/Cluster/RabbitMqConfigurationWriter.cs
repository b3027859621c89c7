using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Broker.Cluster;

/// <summary>What <see cref="RabbitMqConfigurationWriter"/> wrote.</summary>
public sealed record RabbitMqConfigurationFiles(IReadOnlyList<string> NodeConfigs, string EnabledPlugins, string Definitions);

/// <summary>Writes the cluster's configuration files for a PKI (see <see cref="RabbitMqConfigBuilder"/>).</summary>
public static class RabbitMqConfigurationWriter
{
    public static RabbitMqConfigurationFiles Write(RabbitMqClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var pki = new PkiLayout(Path.GetFullPath(options.PkiDirectory));
        pki.RequireInitialized();
        foreach (string file in new[] { pki.BrokerCertificate, pki.BrokerKey })
        {
            if (!File.Exists(file))
            {
                throw new PkiException($"The broker certificate or key is missing ('{file}'); re-create the PKI with 'edgesec pki init'.");
            }
        }

        string output = Path.GetFullPath(options.OutputDirectory);
        SecureFiles.CreateOwnerOnlyDirectory(output);
        var configs = new List<string>();
        foreach (var node in options.Nodes)
        {
            string path = Path.Combine(output, RabbitMqConfigBuilder.ConfigFileName(node));
            SecureFiles.WriteSecret(path, RabbitMqConfigBuilder.NodeConfig(options, node, pki));
            configs.Add(path);
        }

        string plugins = Path.Combine(output, RabbitMqConfigBuilder.EnabledPluginsFileName);
        SecureFiles.WriteSecret(plugins, RabbitMqConfigBuilder.EnabledPlugins());
        string definitions = Path.Combine(output, RabbitMqConfigBuilder.DefinitionsFileName);
        SecureFiles.WriteSecret(definitions, RabbitMqConfigBuilder.Definitions(options));
        return new RabbitMqConfigurationFiles(configs, plugins, definitions);
    }

    private static void Validate(RabbitMqClusterOptions options)
    {
        if (options.Nodes.Count < 1)
        {
            throw new ArgumentException("The cluster needs at least one node (three for replicated queues).", nameof(options));
        }

        foreach (var node in options.Nodes)
        {
            string[] parts = node.Name.Split('@');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[0].All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            {
                throw new ArgumentException($"Node name '{node.Name}' is not name@host (letters, digits, '-' and '_' before the '@').", nameof(options));
            }

            foreach (int port in new[] { node.MqttPort, node.AmqpPort, node.AuthPort })
            {
                if (port is < 1 or > 65535)
                {
                    throw new ArgumentException($"Node '{node.Name}' has port {port}; ports are 1 to 65535.", nameof(options));
                }
            }
        }

        var names = options.Nodes.Select(n => n.Name).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw new ArgumentException("Node names must differ.", nameof(options));
        }
    }
}

using EdgeSecurity.Pki;
using EdgeSecurity.Pki.Registry;
using EdgeSecurity.Pki.Storage;

namespace EdgeSecurity.Broker.Configuration;

/// <summary>Writes mosquitto.conf and the ACL file for a PKI into the broker's data directory.</summary>
public static class BrokerConfigurationWriter
{
    public static BrokerConfigurationFiles Write(BrokerOptions options, int port, int servicePort)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A listener port is 1 to 65535.");
        }

        if (servicePort is < 1 or > 65535 || (servicePort == port && options.ServiceListenAddress == options.ListenAddress))
        {
            throw new ArgumentOutOfRangeException(nameof(servicePort), servicePort, "The service listener needs a port of its own (1 to 65535).");
        }

        var pki = new PkiLayout(options.PkiDirectory);
        pki.RequireInitialized();
        foreach (string file in new[] { pki.BrokerCertificate, pki.BrokerKey })
        {
            if (!File.Exists(file))
            {
                throw new PkiException($"The broker certificate or key is missing ('{file}'); re-create the PKI with 'edgesec pki init'.");
            }
        }

        var registry = FleetRegistryFile.Load(pki);
        string dataDirectory = Path.GetFullPath(options.DataDirectory);
        SecureFiles.CreateOwnerOnlyDirectory(dataDirectory);
        string aclPath = Path.Combine(dataDirectory, MosquittoConfigBuilder.AclFileName);
        string configPath = Path.Combine(dataDirectory, MosquittoConfigBuilder.ConfigFileName);
        // Owner-only: the configuration names every key file and the ACL maps the fleet's identities; mosquitto
        // runs as the same user (or as root, see "user root"), so nobody else needs to read them.
        SecureFiles.WriteSecret(aclPath, AclBuilder.Build(registry.ServiceIdentity));
        SecureFiles.WriteSecret(configPath, MosquittoConfigBuilder.Build(options, pki, aclPath, port, servicePort));
        return new BrokerConfigurationFiles(configPath, aclPath, dataDirectory, port, servicePort);
    }
}

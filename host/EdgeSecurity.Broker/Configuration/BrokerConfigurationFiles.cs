namespace EdgeSecurity.Broker.Configuration;

public sealed record BrokerConfigurationFiles(string ConfigPath, string AclPath, string DataDirectory, int Port, int ServicePort);

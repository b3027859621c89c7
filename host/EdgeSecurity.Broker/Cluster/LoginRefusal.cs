namespace EdgeSecurity.Broker.Cluster;

/// <summary>Why the cluster's authorizer refused a login (TLS already accepted the certificate: it is of the fleet CA and valid).</summary>
public enum LoginRefusal
{
    /// <summary>Not refused.</summary>
    None = 0,

    /// <summary>The certificate names a device the fleet registry lists as revoked: its key may be in someone else's hands.</summary>
    RevokedDevice = 1,

    /// <summary>The certificate names nobody the registry knows (not enrolled, or a registry copy on this node that is behind).</summary>
    UnknownIdentity = 2,

    /// <summary>A password login: nobody in the fleet has one.</summary>
    PasswordGiven = 3,
}

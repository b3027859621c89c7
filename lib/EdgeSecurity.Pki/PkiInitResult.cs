namespace EdgeSecurity.Pki;

public sealed record PkiInitResult(
    string Directory,
    string CaSubject,
    string CaThumbprint,
    DateTimeOffset CaNotAfter,
    string ServiceIdentity,
    IReadOnlyList<string> BrokerSubjectAlternativeNames);

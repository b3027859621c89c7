namespace EdgeSecurity.Signing.Keys;

/// <summary>Why a key file could not be read or written.</summary>
public enum KeyFileError
{
    NotFound,
    AlreadyExists,
    Malformed,
    WrongKeyType,
    PassphraseRequired,
    WrongPassphrase,
}

/// <summary>
/// A key file problem the user can fix. The message names the file and what to do; it never carries
/// key material or the passphrase.
/// </summary>
public sealed class KeyFileException : Exception
{
    public KeyFileException(KeyFileError error, string message)
        : base(message)
    {
        Error = error;
    }

    public KeyFileException(KeyFileError error, string message, Exception innerException)
        : base(message, innerException)
    {
        Error = error;
    }

    public KeyFileException()
    {
    }

    public KeyFileException(string message)
        : base(message)
    {
    }

    public KeyFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyFileError Error { get; }
}

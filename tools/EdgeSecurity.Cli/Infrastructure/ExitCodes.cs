namespace EdgeSecurity.Cli.Infrastructure;

/// <summary>The process exit codes of every edgesec command (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Verification failed (the answer is "no"), or the operation could not be done.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or invalid value.</summary>
    public const int Usage = 2;

    /// <summary>A file could not be read or written (missing, no permission, disk full).</summary>
    public const int IoError = 3;

    /// <summary>The host API could not be reached, or it refused the token (401), its role (403) or the address (429).</summary>
    public const int HostUnavailable = 4;

    /// <summary>Stopped by Ctrl-C (SIGINT), as shells report it (128 + 2): how `events tail --follow` normally ends.</summary>
    public const int Interrupted = 130;
}

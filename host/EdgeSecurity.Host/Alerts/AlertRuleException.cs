namespace EdgeSecurity.Host.Alerts;

/// <summary>The alert rule file cannot be used; the message names the file and the problem.</summary>
public sealed class AlertRuleException : Exception
{
    public AlertRuleException(string message)
        : base(message)
    {
    }

    public AlertRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AlertRuleException()
    {
    }
}

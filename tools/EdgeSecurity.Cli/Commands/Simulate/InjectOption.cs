using EdgeSecurity.Cli.Infrastructure;
using EdgeSecurity.Simulator.Faults;
using EdgeSecurity.Simulator.Fleet;

namespace EdgeSecurity.Cli.Commands.Simulate;

/// <summary>--inject: the simulator's <see cref="FaultSpec"/>, with a bad spec reported as a usage error (exit code 2).</summary>
internal static class InjectOption
{
    public static ScheduledFault Parse(string spec, TimeSpan duration)
    {
        try
        {
            return FaultSpec.Parse(spec, duration);
        }
        catch (FaultSpecException e)
        {
            throw CliException.Usage(e.Message);
        }
    }
}

using System.Reflection;
using System.Runtime.ExceptionServices;

namespace EdgeSecurity.Host.Tests.Support;

/// <summary>The pass-through of the test's store proxies (<see cref="HeldCommitStore"/>, <see cref="FailingStore"/>).</summary>
internal static class ProxyCall
{
    /// <summary>Calls <paramref name="method"/> on the real object; what it throws reaches the caller as itself, not
    /// wrapped by reflection, so a test sees the store's own exception.</summary>
    public static object? Forward(MethodInfo method, object target, object?[]? args)
    {
        try
        {
            return method.Invoke(target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

namespace EdgeSecurity.SubsetCheck;

/// <summary>Rule identifiers of the nanoFramework 1.x subset check; docs/firmware-subset.md explains each.</summary>
public static class SubsetRules
{
    /// <summary>The sources do not compile as C# 7.3 against .NET, so nothing else about them can be trusted.</summary>
    public const string CompileError = "NF000";

    /// <summary>A generic type, method or delegate declared in our own code.</summary>
    public const string GenericDeclaration = "NF001";

    /// <summary>Any use of a constructed generic type or generic method, explicit or implied by the compiler.</summary>
    public const string GenericUse = "NF002";

    /// <summary>LINQ: System.Linq symbols and query syntax.</summary>
    public const string Linq = "NF003";

    /// <summary>async/await, Task, ThreadPool, CancellationToken, Parallel, SemaphoreSlim.</summary>
    public const string Async = "NF004";

    /// <summary>Span, Memory, stackalloc, System.Buffers, BinaryPrimitives, System.Numerics.</summary>
    public const string SpanAndMemory = "NF005";

    /// <summary>Tuple syntax, ValueTuple and Tuple.</summary>
    public const string Tuple = "NF006";

    /// <summary>Record types.</summary>
    public const string Record = "NF007";

    /// <summary>Nullable value types (int?, Nullable&lt;T&gt;), including ones produced by ?. on a value.</summary>
    public const string NullableValueType = "NF008";

    /// <summary>unsafe code, pointers, fixed, address-of, function pointers.</summary>
    public const string Unsafe = "NF009";

    /// <summary>The dynamic type.</summary>
    public const string Dynamic = "NF010";

    /// <summary>A base-library member or type that nanoFramework 1.x is known to lack (String.Join, Regex...).</summary>
    public const string UnavailableApi = "NF011";

    /// <summary>A base-library type or member that is not on the allowlist of what nanoFramework 1.x provides.</summary>
    public const string NotInSubset = "NF012";
}

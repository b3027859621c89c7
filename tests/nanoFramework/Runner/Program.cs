using System;
using EdgeSecurity.Firmware.PortableCases;
using EdgeSecurity.Firmware.PortableCases.Support;

namespace EdgeSecurity.Firmware.NanoRunner
{
    /// <summary>
    /// Prints one line per portable case, then the end sentinel. nanoCLR prints nothing for an uncaught
    /// exception, so the caller checks for the sentinel (nanoclr --expect) and every case catches its own.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            VectorSet vectors = VectorSet.FromArrays(GeneratedVectors.Names, GeneratedVectors.Numbers, GeneratedVectors.Bytes);
#if BENCH
            Bench.Run(vectors);
#else
            PortableCase[] cases = CaseRunner.All();
            for (int i = 0; i < cases.Length; i++)
            {
                Console.WriteLine(CaseRunner.Line(cases[i], vectors));
            }
#endif
            Console.WriteLine(CaseRunner.EndSentinel);
        }
    }
}

using System.Reflection;
using System.Reflection.Emit;

namespace EdgeSecurity.Firmware.Core.Tests.Crypto;

/// <summary>
/// Walks a method's IL (MethodBody.GetILAsByteArray) to count its instructions and the calls it makes:
/// the basis of the device-time estimate (the nanoFramework interpreter's cost is per IL instruction).
/// </summary>
internal static class IlInspector
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public sealed record Profile(int Instructions, IReadOnlyDictionary<string, int> Calls);

    public static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
        ?? throw new ArgumentException($"{type.Name}.{name} not found", nameof(name));

    /// <summary>Instruction count and calls by "Type.Method" name.</summary>
    public static Profile Inspect(MethodBase method)
    {
        byte[] il = method.GetMethodBody()?.GetILAsByteArray() ?? throw new ArgumentException($"{method.Name} has no IL", nameof(method));
        Dictionary<string, int> calls = [];
        int instructions = 0;
        int at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            OpCode opCode = OpCodesByValue[value];
            instructions++;
            if (opCode.OperandType == OperandType.InlineMethod && (opCode == OpCodes.Call || opCode == OpCodes.Callvirt))
            {
                MethodBase callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, at))!;
                string name = $"{callee.DeclaringType!.Name}.{callee.Name}";
                calls[name] = calls.GetValueOrDefault(name) + 1;
            }

            at += OperandSize(opCode, il, at);
        }

        return new Profile(instructions, calls);
    }

    private static int OperandSize(OpCode opCode, byte[] il, int at) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}

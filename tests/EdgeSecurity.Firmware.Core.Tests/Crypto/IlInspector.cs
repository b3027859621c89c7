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

    /// <summary>One IL instruction: where it starts, what it is, the branch target (conditional or not) and the method it calls.</summary>
    public sealed record Instruction(int Offset, OpCode OpCode, int? BranchTarget, MethodBase? Callee)
    {
        public bool IsConditionalBranch => OpCode.FlowControl == FlowControl.Cond_Branch;

        public bool ReadsArrayElement => OpCode.Name!.StartsWith("ldelem", StringComparison.Ordinal);
    }

    /// <summary>Instruction count and calls by "Type.Method" name.</summary>
    public static Profile Inspect(MethodBase method)
    {
        Dictionary<string, int> calls = [];
        List<Instruction> instructions = Decode(method);
        foreach (MethodBase callee in instructions.Where(i => i.OpCode != OpCodes.Newobj).Select(i => i.Callee).OfType<MethodBase>())
        {
            string name = $"{callee.DeclaringType!.Name}.{callee.Name}";
            calls[name] = calls.GetValueOrDefault(name) + 1;
        }

        return new Profile(instructions.Count, calls);
    }

    /// <summary>The method's IL, instruction by instruction, with branch targets resolved to IL offsets.</summary>
    public static List<Instruction> Decode(MethodBase method)
    {
        byte[] il = method.GetMethodBody()?.GetILAsByteArray() ?? throw new ArgumentException($"{method.Name} has no IL", nameof(method));
        List<Instruction> instructions = [];
        int at = 0;
        while (at < il.Length)
        {
            int start = at;
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            OpCode opCode = OpCodesByValue[value];
            int size = OperandSize(opCode, il, at);
            int? target = opCode.OperandType switch
            {
                OperandType.ShortInlineBrTarget => at + size + (sbyte)il[at],
                OperandType.InlineBrTarget => at + size + BitConverter.ToInt32(il, at),
                _ => null,
            };
            MethodBase? callee = opCode.OperandType == OperandType.InlineMethod && (opCode == OpCodes.Call || opCode == OpCodes.Callvirt || opCode == OpCodes.Newobj)
                ? method.Module.ResolveMethod(BitConverter.ToInt32(il, at))
                : null;
            instructions.Add(new Instruction(start, opCode, target, callee));
            at += size;
        }

        return instructions;
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

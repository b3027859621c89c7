using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Firmware.Core.Tests.Serialization;

/// <summary>One random change to a valid encoding: what untrusted bytes can look like.</summary>
internal abstract record Mutation
{
    public abstract byte[] Apply(byte[] input);

    /// <summary>Flips, insertions, deletions, truncations and overwritten length/count fields, at random positions.</summary>
    public static Arbitrary<Mutation> Arbitrary(int length)
    {
        Gen<int> position = Gen.Choose(0, Math.Max(0, length - 1));
        Gen<Mutation> flip = from p in position from x in Gen.Choose(1, 255) select (Mutation)new Flip(p, (byte)x);
        Gen<Mutation> insert = from p in Gen.Choose(0, length) from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Where(a => a.Length is > 0 and <= 16) select (Mutation)new Insert(p, bytes);
        Gen<Mutation> delete = from p in position from n in Gen.Choose(1, 16) select (Mutation)new Delete(p, n);
        Gen<Mutation> truncate = Gen.Choose(0, Math.Max(0, length - 1)).Select(n => (Mutation)new Truncate(n));
        Gen<long> interesting = Gen.OneOf(Gen.Elements(0L, 1L, 2L, 0x7FL, 0xFFL, 0x100L, 0xFFFFL, 0x10000L, 0x7FFFFFFFL, 0xFFFFFFFFL), Gen.Choose(0, int.MaxValue).Select(v => (long)v));
        Gen<Mutation> overwrite = from p in position from w in Gen.Elements(1, 2, 4, 8) from v in interesting select (Mutation)new Overwrite(p, w, v);
        Gen<Mutation> flips = from a in flip from b in flip from c in flip select (Mutation)new Several([a, b, c]);
        return Gen.OneOf(flip, flip, insert, delete, truncate, overwrite, overwrite, flips).ToArbitrary();
    }

    public sealed record Flip(int Position, byte Mask) : Mutation
    {
        public override byte[] Apply(byte[] input)
        {
            byte[] copy = (byte[])input.Clone();
            if (copy.Length > 0)
            {
                copy[Position % copy.Length] ^= Mask;
            }

            return copy;
        }
    }

    public sealed record Insert(int Position, byte[] Bytes) : Mutation
    {
        public override byte[] Apply(byte[] input)
        {
            int p = Math.Min(Position, input.Length);
            return [.. input.AsSpan(0, p), .. Bytes, .. input.AsSpan(p)];
        }
    }

    public sealed record Delete(int Position, int Count) : Mutation
    {
        public override byte[] Apply(byte[] input)
        {
            int p = Math.Min(Position, input.Length);
            int n = Math.Min(Count, input.Length - p);
            return [.. input.AsSpan(0, p), .. input.AsSpan(p + n)];
        }
    }

    public sealed record Truncate(int Length) : Mutation
    {
        public override byte[] Apply(byte[] input) => input.AsSpan(0, Math.Min(Length, input.Length)).ToArray();
    }

    public sealed record Overwrite(int Position, int Width, long Value) : Mutation
    {
        public override byte[] Apply(byte[] input)
        {
            byte[] copy = (byte[])input.Clone();
            for (int i = 0; i < Width && Position + i < copy.Length; i++)
            {
                copy[Position + i] = (byte)(Value >> (8 * i));
            }

            return copy;
        }
    }

    public sealed record Several(Mutation[] Parts) : Mutation
    {
        public override byte[] Apply(byte[] input) => Parts.Aggregate(input, (bytes, m) => m.Apply(bytes));
    }
}

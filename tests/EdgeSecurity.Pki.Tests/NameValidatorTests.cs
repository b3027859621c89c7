using System.Text.RegularExpressions;
using EdgeSecurity.Pki.Provisioning;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSecurity.Pki.Tests;

/// <summary>
/// The hand-written name validators against the regular expressions they replaced (the definition of validity
/// until now, kept here as the oracle): the same verdict on random and near-boundary input, and a verdict for any
/// input however long, with no timeout to fail under load.
/// </summary>
public sealed class NameValidatorTests
{
    // The replaced definitions, verbatim, without the 100 ms timeout that made them fail on a loaded machine
    // (non-backtracking: linear time, so the oracle cannot time out either).
    private static readonly Regex OldDnsName = new(@"^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    private static readonly Regex OldDeviceId = new(@"^[a-z0-9][a-z0-9-]{0,62}\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    private static readonly Regex OldHardwareClass = new(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    private static bool OldIsValidDnsName(string name) => !string.IsNullOrEmpty(name) && name.Length <= 253 && OldDnsName.IsMatch(name);

    // Characters that matter to some rule, plus look-alikes that must never pass: non-ASCII letters and digits
    // (Kelvin sign, dotless i, Arabic-Indic three, fullwidth a), separators and controls.
    private static readonly char[] Alphabet = ['a', 'z', 'A', 'Z', '0', '9', '-', '.', '*', '_', ' ', '\n', '\0', '\u212A', '\u0131', '\u0663', '\uFF41', 'é', '/', '#'];

    private static Gen<string> Label =>
        from length in Gen.OneOf(Gen.Choose(0, 3), Gen.Choose(62, 65), Gen.Choose(62, 65))
        from body in Gen.Elements("a", "Z", "0", "9", "-").ArrayOf(length)
        select string.Concat(body);

    // Names built from labels near the 63-character limit, with and without a wildcard, near the 253 total.
    private static Gen<string> Structured =>
        from wildcard in Gen.Elements("", "", "*.", "*", ".")
        from labels in Gen.Choose(1, 5).SelectMany(n => Label.ArrayOf(n))
        from trailing in Gen.Elements("", "", ".", "-")
        select wildcard + string.Join('.', labels) + trailing;

    private static Gen<string> Random =>
        from length in Gen.OneOf(Gen.Choose(0, 12), Gen.Choose(60, 70), Gen.Choose(250, 256))
        from chars in Gen.Elements(Alphabet).ArrayOf(length)
        select new string(chars);

    // Valid names with one character replaced, inserted or cut: the near misses.
    private static Gen<string> Mutated =>
        from name in Gen.OneOf(Structured, Gen.Elements("broker.example", "*.fleet.example", "dev-0001", "esp32-s3.rev_2"))
        from position in Gen.Choose(0, Math.Max(0, name.Length - 1))
        from c in Gen.Elements(Alphabet)
        from mode in Gen.Choose(0, 2)
        select name.Length == 0 ? c.ToString() : mode switch
        {
            0 => name[..position] + c + name[(position + 1)..],
            1 => name[..position] + c + name[position..],
            _ => name[..position],
        };

    private static Arbitrary<string> Names => Gen.OneOf(Structured, Random, Mutated, ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)).ToArbitrary();

    [Fact]
    [Trait("Requirement", "SR-ID-010")]
    public void Host_names_are_valid_exactly_when_the_replaced_regular_expression_said_so()
    {
        Prop.ForAll(Names, name => FleetPki.IsValidDnsName(name) == OldIsValidDnsName(name))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-010")]
    public void Device_ids_and_hardware_classes_are_valid_exactly_when_the_replaced_regular_expressions_said_so()
    {
        Prop.ForAll(Names, name =>
                DeviceId.IsValid(name) == (name != DeviceId.HostSource && OldDeviceId.IsMatch(name))
                && DeviceEnrollment.IsValidHardwareClass(name) == OldHardwareClass.IsMatch(name))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));
    }

    [Theory]
    [Trait("Requirement", "SR-ID-010")]
    [InlineData("a", true)]
    [InlineData("localhost", true)]
    [InlineData("broker.example.com", true)]
    [InlineData("*.fleet.example", true)]
    [InlineData("xn--bcher-kva.example", true)]
    [InlineData("1.2.3.4", true)]
    [InlineData("a-b.c-d", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("*", false)]
    [InlineData("*.", false)]
    [InlineData("*.*.example", false)]
    [InlineData("a.*.example", false)]
    [InlineData("example.", false)]
    [InlineData(".example", false)]
    [InlineData("a..b", false)]
    [InlineData("-a.example", false)]
    [InlineData("a-.example", false)]
    [InlineData("a.-b", false)]
    [InlineData("a_b.example", false)]
    [InlineData("bücher.example", false)]
    [InlineData("\u212Aelvin.example", false)]
    [InlineData("broker.example\n", false)]
    [InlineData("broker.example\0", false)]
    public void Host_name_edge_cases(string name, bool valid)
    {
        Assert.Equal(valid, FleetPki.IsValidDnsName(name));
        Assert.Equal(valid, OldIsValidDnsName(name));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-010")]
    public void Label_and_total_lengths_are_limited_at_63_and_253()
    {
        string label63 = new('a', 63);
        Assert.True(FleetPki.IsValidDnsName(label63));
        Assert.False(FleetPki.IsValidDnsName(new string('a', 64)));
        Assert.True(FleetPki.IsValidDnsName("*." + label63 + ".example"));
        Assert.False(FleetPki.IsValidDnsName("*." + new string('a', 64) + ".example"));

        // Four labels of 63 and one of 1: 4 * 64 - 1 + 2 = 257 is too long; 253 exactly is the longest valid.
        string longest = string.Join('.', label63, label63, label63, new string('b', 61));
        Assert.Equal(253, longest.Length);
        Assert.True(FleetPki.IsValidDnsName(longest));
        Assert.False(FleetPki.IsValidDnsName(longest + "b"));
        Assert.False(FleetPki.IsValidDnsName("*." + longest[2..] + "b"));
        Assert.True(FleetPki.IsValidDnsName("*." + longest[2..]));
    }

    [Fact]
    [Trait("Requirement", "SR-ID-010")]
    public void A_megabyte_of_input_gets_a_verdict_and_no_exception()
    {
        string huge = string.Concat(Enumerable.Repeat("a-", 512 * 1024));
        Assert.False(FleetPki.IsValidDnsName(huge));
        Assert.False(DeviceId.IsValid(huge));
        Assert.False(DeviceEnrollment.IsValidHardwareClass(huge));
        Assert.False(FleetPki.IsValidDnsName(null!));
        Assert.False(DeviceId.IsValid(null));
        Assert.False(DeviceEnrollment.IsValidHardwareClass(null));
    }
}

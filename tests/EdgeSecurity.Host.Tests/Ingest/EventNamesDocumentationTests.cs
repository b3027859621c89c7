using System.Globalization;
using System.Text.RegularExpressions;
using EdgeSecurity.Host.Ingest;

namespace EdgeSecurity.Host.Tests.Ingest;

/// <summary>
/// The names an analyst reads and types (the API's event <c>type</c> and its <c>fields</c> object) are the ones
/// docs/events.md documents: each catalogue name in the table's order, and each field under the table's name of
/// that type's field id in camel case. The document is read as written, so a name changed on either side fails.
/// </summary>
public sealed partial class EventNamesDocumentationTests
{
    private static readonly string[] Document = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Docs", "events.md"));

    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public void Every_catalogued_type_has_its_documented_name_and_the_name_finds_the_type()
    {
        var types = DocumentedTypes().Select(t => t.Type).ToList();
        var paragraph = string.Join(' ', Document.SkipWhile(l => !l.StartsWith("The host stores and queries each type", StringComparison.Ordinal)).TakeWhile(l => l.Length > 0));
        var list = paragraph[paragraph.IndexOf("in the order of the table:", StringComparison.Ordinal)..paragraph.IndexOf("Fields are stored", StringComparison.Ordinal)];
        var names = KebabName().Matches(list).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(28, types.Count);
        Assert.Equal(types.Count, names.Count);
        Assert.Equal(names, types.Select(EventCatalogue.NameOf));
        Assert.Equal(types.Cast<int?>(), names.Select(EventCatalogue.TypeOf));
    }

    [Fact]
    [Trait("Requirement", "SR-API-009")]
    public void Every_field_is_named_as_the_catalogue_table_names_it_and_no_other_field_has_a_name()
    {
        var documented = DocumentedTypes().ToList();

        Assert.Equal(documented.Select(t => t.Type).Order(), EventFieldNames.Catalogue.Keys.Order());
        foreach (var (type, fields) in documented)
        {
            Assert.Equal(fields, EventFieldNames.Catalogue[type].OrderBy(f => f.Key).Select(f => (f.Key, f.Value)));
            Assert.All(fields, f => Assert.Equal(f.Name, EventFieldNames.NameOf(type, f.Id)));
        }
    }

    // "| 0x0102 | integrity check result | S | info / critical | 1 int32 result code · 3 string subject (component, …) |"
    private static IEnumerable<(int Type, List<(int Id, string Name)> Fields)> DocumentedTypes()
    {
        foreach (var line in Document)
        {
            var row = CatalogueRow().Match(line);
            if (!row.Success)
            {
                continue;
            }

            var fields = row.Groups[2].Value.Split(" · ").Select(field =>
            {
                var parts = DocumentedField().Match(field);
                Assert.True(parts.Success, $"docs/events.md: field '{field}' is not 'id kind name'");
                var words = parts.Groups[2].Value.Trim().Split(' ');
                var name = words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
                return (int.Parse(parts.Groups[1].Value, CultureInfo.InvariantCulture), name);
            });
            yield return (int.Parse(row.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), fields.OrderBy(f => f.Item1).ToList());
        }
    }

    [GeneratedRegex(@"^\| 0x([0-9A-F]{4}) \|[^|]*\|[^|]*\|[^|]*\| (.+) \|$")]
    private static partial Regex CatalogueRow();

    // The id, then the kind, then the name up to a parenthesised remark.
    [GeneratedRegex(@"^(\d+) (?:int32|int64|string|bool|bytes) ([^(]+)")]
    private static partial Regex DocumentedField();

    [GeneratedRegex(@"`([a-z]+(?:-[a-z]+)*)`")]
    private static partial Regex KebabName();
}

namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Code written inside the subset must pass: the checker is only useful if it does not cry wolf.</summary>
public class CleanSampleTests
{
    [Theory]
    [InlineData("var data = new byte[8]; data[0] = 1; var copy = (byte[])data.Clone(); Array.Copy(data, 0, copy, 0, 4); Array.Clear(copy, 0, copy.Length);")]
    [InlineData("var index = Array.IndexOf(new byte[] { 1, 2 }, (byte)2);")]
    [InlineData("var list = new System.Collections.ArrayList(); list.Add(\"a\"); var first = (string)list[0]; foreach (object item in list) { }")]
    [InlineData("var table = new System.Collections.Hashtable(); table[\"k\"] = 1; foreach (System.Collections.DictionaryEntry e in table) { }")]
    [InlineData("var sb = new System.Text.StringBuilder(); sb.Append(\"x\").Append(1).Append('c'); var text = sb.ToString();")]
    [InlineData("var gate = new object(); lock (gate) { }")]
    [InlineData("int id = 7; string name = \"n\"; var text = $\"{name}:{id}\";")]
    [InlineData("var bytes = BitConverter.GetBytes(42L); var back = BitConverter.ToInt64(bytes, 0); var hex = BitConverter.ToString(bytes);")]
    [InlineData("long a = long.MaxValue / 3; ulong b = 0xFFFFFFFFFFFFFFFFUL; ulong c = (b >> 3) * 5 + (ulong)a; var m = Math.Max(a, 4L);")]
    [InlineData("try { throw new InvalidOperationException(\"x\"); } catch (InvalidOperationException e) when (e.Message.Length > 0) { } finally { }")]
    [InlineData("var parts = \"a,b\".Split(','); var s = \" x \".Trim().ToUpper().Substring(0, 1); var ok = s.StartsWith(\"X\") && s.IndexOf('X') == 0 && !string.IsNullOrEmpty(s);")]
    [InlineData("var utf8 = System.Text.Encoding.UTF8.GetBytes(\"é\"); var back = System.Text.Encoding.UTF8.GetString(utf8, 0, utf8.Length); var b64 = Convert.ToBase64String(utf8); var raw = Convert.FromBase64String(b64);")]
    [InlineData("var id = Guid.NewGuid(); var at = DateTime.UtcNow + TimeSpan.FromSeconds(1); long ticks = Environment.TickCount64;")]
    [InlineData("int counter = 0; System.Threading.Interlocked.Increment(ref counter); var t = new System.Threading.Thread(() => { }); var ev = new System.Threading.AutoResetEvent(false);")]
    [InlineData("var stream = new System.IO.MemoryStream(); stream.WriteByte(1); var all = stream.ToArray();")]
    [InlineData("var q = new System.Collections.Queue(); q.Enqueue(1); var st = new System.Collections.Stack(); st.Push(q.Dequeue());")]
    public void Subset_statements_pass(string statements) => Samples.AssertClean(Samples.InMethod(statements));

    [Fact]
    public void Code_shaped_like_the_firmware_core_passes() => Samples.AssertClean(CoreLikeSample.Source);

    [Fact]
    public void Everyday_text_collection_event_and_threading_code_passes() => Samples.AssertClean(CoreLikeSample.EverydaySource);

    [Fact]
    public void Interfaces_classes_structs_enums_delegates_events_and_exceptions_of_our_own_pass()
    {
        Samples.AssertClean("""
            using System;
            using System.Collections;

            namespace Sample
            {
                [Flags]
                internal enum Mode { None = 0, Fast = 1 }

                internal interface IStore
                {
                    int Count { get; }
                    byte[] Read(int index);
                }

                internal delegate void Changed(object sender, int count);

                internal struct Range
                {
                    public readonly int Start;
                    public Range(int start) { Start = start; }
                }

                internal sealed class StoreException : Exception
                {
                    public StoreException(string message) : base(message) { }
                }

                internal sealed class MemoryStore : IStore, IDisposable
                {
                    private static readonly byte[] Nothing = new byte[0];
                    private readonly ArrayList items = new ArrayList();

                    public event Changed OnChanged;

                    public int Count { get { return items.Count; } }

                    public byte[] Read(int index)
                    {
                        if (index < 0 || index >= items.Count) throw new StoreException("no item " + index);
                        var item = items[index] as byte[];
                        return item ?? Nothing;
                    }

                    public void Add(byte[] item)
                    {
                        items.Add(item);
                        var handler = OnChanged;
                        if (handler != null) handler(this, items.Count);
                    }

                    public void Dispose() { items.Clear(); }

                    public static int Total(IStore store)
                    {
                        int total = 0;
                        for (int i = 0; i < store.Count; i++) total += store.Read(i).Length;
                        switch (total) { case 0: return -1; default: return total; }
                    }
                }
            }
            """);
    }
}

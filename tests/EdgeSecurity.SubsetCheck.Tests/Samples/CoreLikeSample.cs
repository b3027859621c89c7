namespace EdgeSecurity.SubsetCheck.Tests;

/// <summary>Code shaped like the firmware core (field arithmetic, parsing, a reporter thread) that must pass.</summary>
internal static class CoreLikeSample
{
    public const string Source = """
        using System;
        using System.Collections;
        using System.Diagnostics;
        using System.Text;
        using System.Threading;

        namespace EdgeSecurity.Firmware.Core.Crypto
        {
            public sealed class FormatException2 : Exception
            {
                public FormatException2(string message, int reason) : base(message) { Reason = reason; }
                public int Reason { get; private set; }
            }

            internal static class FieldElement
            {
                private static readonly long[] Zero = new long[10];
                private static readonly ulong[] K = { 0x428a2f98d728ae22UL, 0x7137449123ef65cdUL };
                internal const int Size = 32;

                internal static void Multiply(long[] h, long[] f, long[] g)
                {
                    long f0 = f[0], g0 = g[0];
                    long h0 = f0 * g0;
                    long carry = (h0 + (1L << 25)) >> 26;
                    h[0] = h0 - (carry << 26);
                    unchecked { h[1] = (long)((ulong)h0 >> 3); }
                    ulong x = K[0];
                    ulong r = (x >> 14) | (x << 50);
                    h[2] = (long)r;
                    Array.Copy(Zero, 0, h, 3, 7);
                }

                internal static bool TryRead(byte[] data, int offset, out uint value, ref int consumed)
                {
                    value = 0;
                    if (data == null) throw new ArgumentNullException(nameof(data));
                    if (offset < 0 || offset + 4 > data.Length) return false;
                    value = (uint)(data[offset] | data[offset + 1] << 8 | data[offset + 2] << 16 | data[offset + 3] << 24);
                    consumed += 4;
                    return true;
                }

                internal static string Hex(byte[] data)
                {
                    var sb = new StringBuilder(data.Length * 2);
                    for (int i = 0; i < data.Length; i++) sb.Append(data[i].ToString("x2"));
                    var s = string.Format("{0}:{1}", data.Length, sb.ToString());
                    var parsed = Convert.ToInt32("ff", 16) + int.Parse("12");
                    Debug.Assert(parsed > 0);
                    Debug.WriteLine("hex " + s);
                    if (char.IsDigit(s[0]) && object.ReferenceEquals(s, s)) { }
                    var name = typeof(FieldElement).Name + data.GetType().Name;
                    return s + name + BitConverter.IsLittleEndian;
                }
            }

            public class Reporter : IDisposable
            {
                private readonly object gate = new object();
                private readonly ManualResetEvent stop = new ManualResetEvent(false);
                private readonly Timer timer;
                private Thread worker;
                public event EventHandler Reported;

                public Reporter() { timer = new Timer(Tick, null, 1000, 1000); }

                public void Start()
                {
                    worker = new Thread(Loop);
                    worker.Start();
                }

                private void Loop()
                {
                    while (!stop.WaitOne(100, false))
                    {
                        Monitor.Enter(gate);
                        try { Thread.Sleep(1); } finally { Monitor.Exit(gate); }
                    }
                }

                private void Tick(object state)
                {
                    var handler = Reported;
                    if (handler != null) handler(this, EventArgs.Empty);
                    var t = new Hashtable();
                    t.Add("a", 1);
                    if (t.Contains("a")) { t.Remove("a"); }
                    var keys = new object[t.Count];
                    t.Keys.CopyTo(keys, 0);
                    var list = new ArrayList();
                    list.Add(1);
                    var arr = (int[])list.ToArray(typeof(int));
                    var s = "a,b";
                    var i = s.IndexOf(",");
                    var text = s.Substring(0, i).ToLower() + s.Split(',').Length + s.Trim('a') + s.PadLeft(4, '0');
                    var eq = string.Compare(text, "x") == 0 || text == "y" || text.Equals("z");
                    var ts = TimeSpan.FromMilliseconds(Environment.TickCount64) + new TimeSpan(0, 0, 1);
                    var dt = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(ts.TotalSeconds);
                    var g = new Guid(new byte[16]).ToByteArray();
                    var b = Encoding.UTF8.GetBytes(text);
                    var c = Encoding.UTF8.GetString(b, 0, b.Length);
                    var max = Math.Max(arr.Length, 3) + (int)Math.Floor(1.5);
                }

                public void Dispose() { stop.Set(); timer.Dispose(); }
            }

            public enum Severity : byte { Info = 0, Critical = 3 }

            public struct Sequence
            {
                public readonly ulong Value;
                public Sequence(ulong value) { Value = value; }
                public override string ToString() { return Value.ToString(); }
                public override bool Equals(object obj) { return obj is Sequence && ((Sequence)obj).Value == Value; }
                public override int GetHashCode() { return Value.GetHashCode(); }
            }
        }
        """;

    /// <summary>Everyday text, collection, event and threading code whose .NET overloads differ from the device's but whose source is the same.</summary>
    public const string EverydaySource = """
        using System;
        using System.Collections;
        using System.Text;
        using System.Threading;

        namespace S
        {
            public interface IThing { int Size { get; } }

            public sealed class Things : IThing, IDisposable
            {
                public event EventHandler Changed;
                private readonly Hashtable map = new Hashtable();
                public int Size { get { return map.Count; } }

                public string Describe(string a, string b, string c, string d, string e, int n, long l, byte x)
                {
                    var joined = string.Concat(a, b, c, d, e);
                    var formatted = string.Format("{0}{1}{2}{3}", a, b, c, d);
                    var interpolated = $"{a}{b}{c}{d}{n}{l}{x:x2}";
                    Console.WriteLine("x");
                    var sb = new StringBuilder();
                    sb.AppendFormat("{0}", n).AppendLine().Append(x.ToString("X2")).Insert(0, "y");
                    if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), "negative");
                    var eq = object.Equals(a, b) || string.Equals(a, b) || a.CompareTo(b) == 0;
                    var i = checked((int)l);
                    var m = Math.Abs(i) + Math.Min(1, 2) + (int)(uint.MaxValue >> 1);
                    var zeros = new string('0', 4) + a.ToCharArray().Length + a[0];
                    Changed?.Invoke(this, EventArgs.Empty);
                    object o = a;
                    if (o is string str && str.Length > 0) { }
                    var when = default(DateTime);
                    int parsed;
                    if (int.TryParse("12", out parsed)) { }
                    var cur = Thread.CurrentThread;
                    var inf = Timeout.Infinite;
                    if (map.ContainsKey("k")) { }
                    var u = BitConverter.ToUInt32(new byte[4], 0);
                    var one = new byte[1];
                    var text = Encoding.UTF8.GetString(one, 0, one.Length);
                    var count = ((IList)new ArrayList()).Count;
                    var arr = new byte[4];
                    Array.Copy(arr, arr, 2);
                    var list = new ArrayList();
                    list.Sort();
                    list.Insert(0, 1);
                    list.RemoveAt(0);
                    foreach (DictionaryEntry entry in map) { var k = (string)entry.Key; }
                    var t = new Timer(state => { }, null, Timeout.Infinite, Timeout.Infinite);
                    using (var ev = new AutoResetEvent(false)) { ev.WaitOne(10, false); ev.Set(); }
                    return joined + formatted + interpolated + sb + eq + m + zeros + when + u + text + count;
                }

                public void Dispose() { }
            }
        }
        """;
}

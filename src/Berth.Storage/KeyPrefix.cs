using System.Text;

namespace Berth.Storage;

/// <summary>Turns a key prefix into the half-open range [prefix, end) both backends scan.</summary>
internal static class KeyPrefix
{
    /// <summary>
    /// The smallest string greater than every string starting with <paramref name="prefix"/>, in
    /// UTF-8 byte order (which equals code point order); null when the prefix is empty (no bound).
    /// </summary>
    public static string? End(string prefix)
    {
        if (prefix.Length == 0)
        {
            return null;
        }
        var last = Rune.GetRuneAt(prefix, prefix.Length - (char.IsLowSurrogate(prefix[^1]) ? 2 : 1));
        var head = prefix[..^last.Utf16SequenceLength];
        var next = last.Value + 1;
        if (next is >= 0xD800 and <= 0xDFFF)
        {
            next = 0xE000;
        }
        if (!Rune.IsValid(next))
        {
            // The prefix ends with the highest code point: every longer key still sorts below the
            // same head with nothing after it, so bound by the head's own end.
            return End(head);
        }
        return head + new Rune(next).ToString();
    }

    /// <summary>The same bound as UTF-8 bytes, the way etcd compares keys; empty means "no bound" there.</summary>
    public static byte[] EndBytes(string prefix)
    {
        if (prefix.Length == 0)
        {
            return [0];
        }
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xFF)
            {
                var end = bytes[..(i + 1)];
                end[i]++;
                return end;
            }
        }
        return [0];
    }
}

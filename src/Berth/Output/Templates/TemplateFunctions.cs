using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Cli.Output.Templates;

/// <summary>
/// The functions a --format template may call: Go's builtins (and, or, not, len, index, eq, ne, lt,
/// le, gt, ge, print, printf, println) and those Podman and Docker add (json, join, lower, upper,
/// title, split, truncate, pad).
/// </summary>
public static class TemplateFunctions
{
    private static readonly Dictionary<string, Func<object?[], object?>> Functions = new(StringComparer.Ordinal)
    {
        ["not"] = args => !GoValues.IsTrue(Single("not", args)),
        ["len"] = args => Length(Single("len", args)),
        ["index"] = Index,
        ["eq"] = args => Arity("eq", args, 2, int.MaxValue) && args.Skip(1).Any(other => Compare("eq", args[0], other, equalityOnly: true) == 0),
        ["ne"] = args => Arity("ne", args, 2, 2) && Compare("ne", args[0], args[1], equalityOnly: true) != 0,
        ["lt"] = args => Arity("lt", args, 2, 2) && Compare("lt", args[0], args[1], equalityOnly: false) < 0,
        ["le"] = args => Arity("le", args, 2, 2) && Compare("le", args[0], args[1], equalityOnly: false) <= 0,
        ["gt"] = args => Arity("gt", args, 2, 2) && Compare("gt", args[0], args[1], equalityOnly: false) > 0,
        ["ge"] = args => Arity("ge", args, 2, 2) && Compare("ge", args[0], args[1], equalityOnly: false) >= 0,
        ["print"] = Sprint,
        ["println"] = args => string.Join(' ', args.Select(GoValues.Print)) + "\n",
        ["printf"] = args => args.Length > 0 && args[0] is string format ? Printf.Format(format, args[1..]) : throw Error("printf: the first argument must be a format string"),
        ["json"] = args => GoValues.ToJson(Single("json", args))?.ToJsonString() ?? "null",
        ["join"] = args => Arity("join", args, 2, 2) && args[1] is string separator ? string.Join(separator, Strings(args[0])) : throw Error("join: wants a list and a separator"),
        ["lower"] = args => Text("lower", args).ToLowerInvariant(),
        ["upper"] = args => Text("upper", args).ToUpperInvariant(),
        ["title"] = args => Title(Text("title", args)),
        ["split"] = args => Arity("split", args, 2, 2) ? new JsonArray([.. GoValues.Print(args[0]).Split(GoValues.Print(args[1])).Select(part => (JsonNode?)part)]) : null,
        ["truncate"] = args => Arity("truncate", args, 2, 2) && args[1] is long width ? Truncate(GoValues.Print(args[0]), width) : throw Error("truncate: wants a string and a length"),
        ["pad"] = args => Arity("pad", args, 3, 3) && args[1] is long before && args[2] is long after ? new string(' ', (int)before) + GoValues.Print(args[0]) + new string(' ', (int)after) : throw Error("pad: wants a string and two counts"),
    };

    public static bool IsDefined(string name) => name is "and" or "or" || Functions.ContainsKey(name);

    public static object? Call(string name, object?[] args) => Functions[name](args);

    private static InvalidArgumentException Error(string message) => new($"template: error calling {message}");

    private static bool Arity(string name, object?[] args, int min, int max) =>
        args.Length >= min && args.Length <= max ? true : throw new InvalidArgumentException($"template: wrong number of args for {name}: got {args.Length}");

    private static object? Single(string name, object?[] args) => Arity(name, args, 1, 1) ? args[0] : null;

    private static string Text(string name, object?[] args) => GoValues.Print(Single(name, args));

    private static long Length(object? value) => value switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        _ => throw Error($"len: len of type {TypeName(value)}"),
    };

    private static object? Index(object?[] args)
    {
        var item = args.Length > 0 ? args[0] : throw Error("index: no arguments");
        foreach (var key in args.Skip(1))
        {
            item = (item, key) switch
            {
                (JsonArray array, long i) => i >= 0 && i < array.Count ? GoValues.FromJson(array[(int)i]) : throw Error($"index: index out of range: {i}"),
                // A map of strings (labels, annotations) gives "" for a missing key, as Go's zero value.
                (JsonObject obj, string name) => obj.TryGetPropertyValue(name, out var value) ? GoValues.FromJson(value)
                    : obj.All(p => p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String) ? "" : GoValues.NoValue.Instance,
                (null or GoValues.NoValue, _) => throw Error("index: index of untyped nil"),
                _ => throw Error($"index: cannot index {TypeName(item)} with {TypeName(key)}"),
            };
        }
        return item;
    }

    /// <summary>Go's comparison of basic values: numbers with numbers, strings with strings, bools for equality; nil equals only nil.</summary>
    private static int Compare(string name, object? left, object? right, bool equalityOnly)
    {
        left = left is GoValues.NoValue ? null : left;
        right = right is GoValues.NoValue ? null : right;
        return (left, right) switch
        {
            (long a, long b) => a.CompareTo(b),
            (long a, double b) => ((double)a).CompareTo(b),
            (double a, long b) => a.CompareTo(b),
            (double a, double b) => a.CompareTo(b),
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) when equalityOnly => a == b ? 0 : 1,
            (null, null) when equalityOnly => 0,
            (null, _) or (_, null) when equalityOnly => 1,
            _ when left?.GetType() == right?.GetType() && !equalityOnly => throw Error($"{name}: invalid type for comparison"),
            _ => throw Error($"{name}: incompatible types for comparison"),
        };
    }

    /// <summary>fmt.Sprint: a space between operands when neither is a string.</summary>
    private static string Sprint(object?[] args)
    {
        var text = new StringBuilder();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string)
            {
                text.Append(' ');
            }
            text.Append(GoValues.Print(args[i]));
        }
        return text.ToString();
    }

    private static IEnumerable<string> Strings(object? list) => list switch
    {
        JsonArray array => array.Select(item => GoValues.Print(GoValues.FromJson(item))),
        string s => [s],
        _ => throw Error($"join: cannot join {TypeName(list)}"),
    };

    private static string Title(string text) =>
        string.Concat(text.Select((c, i) => i == 0 || !char.IsLetter(text[i - 1]) ? char.ToUpperInvariant(c) : c));

    /// <summary>Podman's truncate: at most <paramref name="width"/> characters.</summary>
    private static string Truncate(string text, long width) => text.Length > width ? text[..(int)Math.Max(0, width)] : text;

    public static string TypeName(object? value) => value switch
    {
        null or GoValues.NoValue => "nil",
        string => "string",
        long => "int",
        double => "float64",
        bool => "bool",
        JsonArray => "slice",
        JsonObject => "map",
        _ => "struct",
    };

    /// <summary>The verbs of fmt.Sprintf that format fields: %s %v %d %q %t %f %x %%, with flags '-' and '0', width and precision.</summary>
    private static class Printf
    {
        public static string Format(string format, object?[] args)
        {
            var text = new StringBuilder();
            var next = 0;
            for (var i = 0; i < format.Length; i++)
            {
                if (format[i] != '%')
                {
                    text.Append(format[i]);
                    continue;
                }
                var start = i++;
                while (i < format.Length && (format[i] is '-' or '0' or '.' || char.IsDigit(format[i])))
                {
                    i++;
                }
                if (i >= format.Length)
                {
                    text.Append("%!(NOVERB)");
                    break;
                }
                var verb = format[i];
                if (verb == '%')
                {
                    text.Append('%');
                    continue;
                }
                var spec = format[(start + 1)..i];
                text.Append(next < args.Length ? Verb(verb, spec, args[next++]) : $"%!{verb}(MISSING)");
            }
            return text.ToString();
        }

        private static string Verb(char verb, string spec, object? value)
        {
            var left = spec.StartsWith('-');
            var zero = spec.TrimStart('-').StartsWith('0');
            var parts = spec.TrimStart('-', '0').Split('.');
            var width = parts[0].Length > 0 ? int.Parse(parts[0], CultureInfo.InvariantCulture) : 0;
            int? precision = parts.Length > 1 ? (parts[1].Length > 0 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0) : null;
            var body = (verb, value) switch
            {
                ('d', long l) => l.ToString(CultureInfo.InvariantCulture),
                ('x', long l) => l.ToString("x", CultureInfo.InvariantCulture),
                ('x', string s) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s)),
                ('f', double d) => d.ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
                ('f', long l) => ((double)l).ToString("F" + (precision ?? 6), CultureInfo.InvariantCulture),
                ('q', string s) => JsonValue.Create(s).ToJsonString(),
                ('t', bool b) => b ? "true" : "false",
                ('s' or 'v', _) => precision is { } p && GoValues.Print(value) is var printed && printed.Length > p ? printed[..p] : GoValues.Print(value),
                _ => $"%!{verb}({TypeName(value)}={GoValues.Print(value)})",
            };
            return body.Length >= width ? body : left ? body.PadRight(width) : zero && verb is 'd' or 'f' ? body.PadLeft(width, '0') : body.PadLeft(width);
        }
    }
}

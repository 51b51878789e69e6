namespace Berth.Yaml;

/// <summary>YAML that has no JSON form: an alias, a non-scalar key, nesting past the limit, or a syntax error.</summary>
public sealed class YamlJsonException(string message, Exception? inner = null) : FormatException(message, inner);

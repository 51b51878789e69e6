using System.Text;

namespace Berth.Agent;

/// <summary>Text as kube's Go code formats it, for messages users compare with a real kubelet's.</summary>
public static class GoText
{
    /// <summary>Go's %q of a string: double-quoted with quotes, backslashes and line breaks escaped.</summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}

using System.Text.Json;

namespace Berth.Engine.Pods;

/// <summary>
/// `pod create --infra-command` as Podman reads an entrypoint: a JSON array of strings (["sleep", "3600"]), or else
/// the whole text as one program path, never split at spaces.
/// </summary>
public static class InfraCommand
{
    public static IReadOnlyList<string> Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidArgumentException("--infra-command must not be empty");
        }
        if (!text.TrimStart().StartsWith('['))
        {
            return [text];
        }
        try
        {
            var parts = JsonSerializer.Deserialize(text, PodRecordJsonContext.Default.StringArray);
            return parts is { Length: > 0 } && parts.All(p => p.Length > 0)
                ? parts
                : throw new InvalidArgumentException($"--infra-command {text}: the array needs at least one non-empty string");
        }
        catch (JsonException e)
        {
            throw new InvalidArgumentException($"--infra-command {text}: not a JSON array of strings: {e.Message}");
        }
    }
}

namespace Berth.Cli.Commands;

/// <summary>
/// `--detach-keys`: Podman's key sequence that leaves a container attached without stopping it, as bytes: a
/// comma-separated list of single characters or `ctrl-X` (X one of a-z, @, [, \, ], ^, _); empty turns it off.
/// </summary>
public static class DetachKeys
{
    public const string Default = "ctrl-p,ctrl-q";

    public static byte[] Parse(string keys)
    {
        if (keys.Length == 0)
        {
            return [];
        }
        return [.. keys.Split(',').Select(key => key switch
        {
            [var single] when single is >= ' ' and <= '~' => (byte)single,
            ['c', 't', 'r', 'l', '-', var letter] when letter is >= 'a' and <= 'z' => (byte)(letter - 'a' + 1),
            ['c', 't', 'r', 'l', '-', var symbol] when "@[\\]^_".Contains(symbol) => (byte)(symbol - '@'),
            _ => throw new InvalidArgumentException($"invalid detach keys: {keys}: \"{key}\" is not a character or ctrl-<a-z, @, [, \\, ], ^, _>"),
        })];
    }
}

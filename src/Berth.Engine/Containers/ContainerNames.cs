namespace Berth.Engine.Containers;

/// <summary>Random adjective_noun names for containers started without --name, as Docker and Podman give.</summary>
public static class ContainerNames
{
    private static readonly string[] Adjectives =
    [
        "brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "keen", "lucid", "merry", "nifty", "proud",
        "quiet", "rapid", "sharp", "swift", "tender", "vivid", "witty", "zesty",
    ];

    private static readonly string[] Nouns =
    [
        "anchor", "barge", "buoy", "cutter", "dinghy", "ferry", "galley", "harbor", "jetty", "keel", "lighthouse",
        "mast", "pier", "quay", "rudder", "schooner", "tug", "wharf", "yacht", "dock",
    ];

    /// <summary>A name not yet taken; adds a number when the plain pairs run out.</summary>
    public static string Generate(Func<string, bool> taken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = $"{Adjectives[Random.Shared.Next(Adjectives.Length)]}_{Nouns[Random.Shared.Next(Nouns.Length)]}";
            if (attempt > 20)
            {
                name += Random.Shared.Next(1000, 9999);
            }
            if (!taken(name))
            {
                return name;
            }
        }
    }
}

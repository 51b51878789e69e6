namespace Berth.ApiServer.Rest;

/// <summary>How long a watch without timeoutSeconds lasts, and how often an idle one gets a bookmark.</summary>
public sealed record WatchSettings(TimeSpan DefaultTimeout, TimeSpan BookmarkInterval)
{
    public static WatchSettings Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(10));
}

namespace Berth.Engine.Formatting;

/// <summary>"5 minutes ago", "About an hour ago"…, as Podman's and Docker's CREATED and STATUS columns (after go-units HumanDuration).</summary>
public static class HumanDuration
{
    public static string Ago(TimeSpan age) => $"{Of(age)} ago";

    /// <summary>"5 minutes", "About an hour": Docker's "Up …" status.</summary>
    public static string Of(TimeSpan age)
    {
        var seconds = (int)age.TotalSeconds;
        var minutes = (int)age.TotalMinutes;
        var hours = (int)Math.Round(age.TotalHours);
        var text = seconds switch
        {
            < 1 => "Less than a second",
            1 => "1 second",
            < 60 => $"{seconds} seconds",
            _ when minutes == 1 => "About a minute",
            _ when minutes < 60 => $"{minutes} minutes",
            _ when hours == 1 => "About an hour",
            _ when hours < 48 => $"{hours} hours",
            _ when hours < 24 * 7 * 2 => $"{hours / 24} days",
            _ when hours < 24 * 30 * 2 => $"{hours / 24 / 7} weeks",
            _ when hours < 24 * 365 * 2 => $"{hours / 24 / 30} months",
            _ => $"{hours / 24 / 365} years",
        };
        return text;
    }
}

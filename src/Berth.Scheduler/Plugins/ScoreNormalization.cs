using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins;

/// <summary>kube-scheduler's helper.DefaultNormalizeScore: scales scores so the highest becomes 100 (or, reversed, 0).</summary>
internal static class ScoreNormalization
{
    public static void ToMax(Span<long> scores, bool reverse)
    {
        long max = 0;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }
        if (max == 0)
        {
            if (reverse)
            {
                scores.Fill(IScorePlugin.MaxNodeScore);
            }
            return;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var score = IScorePlugin.MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? IScorePlugin.MaxNodeScore - score : score;
        }
    }
}

using System.Globalization;

namespace Berth.Engine.Build;

/// <summary>
/// The stages of a Containerfile and which of them a build needs: the target (--target, else the
/// last stage) and, transitively, the stages its FROM and COPY --from name. Others are skipped, as
/// Buildah's --skip-unused-stages does. Also lists the images (not stages) those instructions use,
/// so they can be pulled before the build takes the store lock.
/// </summary>
public sealed class BuildPlan
{
    private BuildPlan(IReadOnlyList<ContainerfileInstruction> globalArgs, IReadOnlyList<BuildStage> stages, BuildStage target, IReadOnlyList<BuildStage> needed)
    {
        GlobalArgs = globalArgs;
        Stages = stages;
        Target = target;
        Needed = needed;
    }

    /// <summary>ARG instructions before the first FROM.</summary>
    public IReadOnlyList<ContainerfileInstruction> GlobalArgs { get; }

    public IReadOnlyList<BuildStage> Stages { get; }

    public BuildStage Target { get; }

    /// <summary>The stages to build, in file order, ending with the target.</summary>
    public IReadOnlyList<BuildStage> Needed { get; }

    /// <param name="expand">ARG expansion of FROM images and --from values (global ARGs are in scope there).</param>
    public static BuildPlan Create(IReadOnlyList<ContainerfileInstruction> instructions, string file, string? target, Func<string, string> expand)
    {
        var globalArgs = instructions.TakeWhile(i => i.Keyword != "FROM").ToList();
        var stages = new List<BuildStage>();
        for (var i = globalArgs.Count; i < instructions.Count; i++)
        {
            var body = instructions.Skip(i + 1).TakeWhile(x => x.Keyword != "FROM").ToList();
            var words = instructions[i].Arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var name = words.Length == 3 ? words[2].ToLowerInvariant() : null;
            if (name is not null && stages.Any(s => s.Name == name))
            {
                throw new ContainerfileException(file, instructions[i].Line, $"duplicate stage name {words[2]}");
            }
            stages.Add(new BuildStage(stages.Count, name, instructions[i], body));
            i += body.Count;
        }
        var targetStage = target is null
            ? stages[^1]
            : stages.FirstOrDefault(s => s.Name == target.ToLowerInvariant())
                ?? throw new ContainerfileException(file, stages[^1].From.Line, $"target stage {target} not found (--target)");
        var plan = new BuildPlan(globalArgs, stages, targetStage, []);
        var needed = new SortedSet<int>();
        plan.Collect(targetStage, needed, file, expand);
        return new BuildPlan(globalArgs, stages, targetStage, [.. needed.Select(i => stages[i])]);
    }

    /// <summary>The earlier stage a FROM image names, or null when it names an image.</summary>
    public BuildStage? BaseStage(BuildStage stage, Func<string, string> expand)
    {
        var reference = expand(stage.BaseReference).ToLowerInvariant();
        return Stages.Take(stage.Index).FirstOrDefault(s => s.Name == reference);
    }

    /// <summary>
    /// The stage COPY --from=VALUE names (by name or index), or null when VALUE is an image reference.
    /// A stage that is not built yet (this one or a later one) is an error, as in Docker.
    /// </summary>
    public BuildStage? SourceStage(BuildStage stage, string value, string file, int line)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return index < stage.Index ? Stages[index] : throw new ContainerfileException(file, line, $"--from={value}: no stage {value} before this one");
        }
        var named = Stages.FirstOrDefault(s => s.Name == value.ToLowerInvariant());
        return named is null || named.Index < stage.Index
            ? named
            : throw new ContainerfileException(file, line, $"--from={value}: stage {value} is not built before this one");
    }

    /// <summary>The images (not stages) the needed stages start from or copy from, each with the instruction that names it.</summary>
    public IEnumerable<(string Reference, ContainerfileInstruction Instruction)> ExternalImages(string file, Func<string, string> expand)
    {
        foreach (var stage in Needed)
        {
            var reference = expand(stage.BaseReference);
            if (reference != "scratch" && BaseStage(stage, expand) is null)
            {
                yield return (reference, stage.From);
            }
            foreach (var copy in stage.Body.Where(i => i.Flags.ContainsKey("from")))
            {
                var value = expand(copy.Flags["from"]);
                if (SourceStage(stage, value, file, copy.Line) is null)
                {
                    yield return (value, copy);
                }
            }
        }
    }

    private void Collect(BuildStage stage, SortedSet<int> needed, string file, Func<string, string> expand)
    {
        if (!needed.Add(stage.Index))
        {
            return;
        }
        if (BaseStage(stage, expand) is { } parent)
        {
            Collect(parent, needed, file, expand);
        }
        foreach (var copy in stage.Body.Where(i => i.Flags.ContainsKey("from")))
        {
            if (SourceStage(stage, expand(copy.Flags["from"]), file, copy.Line) is { } source)
            {
                Collect(source, needed, file, expand);
            }
        }
    }
}

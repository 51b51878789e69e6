namespace Berth.Scheduler.Framework;

/// <summary>A scheduling plugin, named as kube-scheduler names it (the name users see in configurations and logs).</summary>
public interface IPlugin
{
    string Name { get; }
}

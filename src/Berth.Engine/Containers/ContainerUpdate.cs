using Berth.Engine.Containers.Restarts;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers;

/// <summary>What `update` changes: the limits it sets (null ones stay as they are) and, when given, the restart policy.</summary>
public sealed record ContainerUpdate(ResourceLimits Resources, RestartPolicy? RestartPolicy = null);

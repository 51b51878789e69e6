namespace Berth.Controllers.GarbageCollector;

/// <summary>A dependent of a node: who it is, whether it is itself deleting in the foreground, whether it blocks its owner's deletion.</summary>
public sealed record DependentView(ObjectIdentity Identity, bool DeletingDependents, bool BlocksOwnerDeletion);

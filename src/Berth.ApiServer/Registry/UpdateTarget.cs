namespace Berth.ApiServer.Registry;

/// <summary>Which part of an object an update may change.</summary>
public enum UpdateTarget
{
    /// <summary>Everything but status (for resources with a status subresource) and server-owned metadata.</summary>
    Main,

    /// <summary>Only status (the status subresource).</summary>
    Status,

    /// <summary>A namespace's spec.finalizers (the finalize subresource).</summary>
    Finalize,

    /// <summary>A CertificateSigningRequest's Approved/Denied conditions (the approval subresource).</summary>
    Approval,

    /// <summary>A pod's spec.nodeName with its PodScheduled condition, in one write (the binding subresource).</summary>
    Binding,

    /// <summary>Only a pod's spec.ephemeralContainers (the ephemeralcontainers subresource, which `kubectl debug` patches).</summary>
    EphemeralContainers,
}

// Every test here starts the real binary (and real runc, CNI, registries, etcd): `scripts/test --fast` leaves them out.
[assembly: AssemblyTrait("Layer", "Acceptance")]

// Most of an acceptance test's time is spent waiting (on a server to start, a lease, a timer, a
// container to exit), not computing: four classes at a time keep two cores busy.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]

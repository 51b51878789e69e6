// Every test here starts the real binary (and real runc, CNI, registries, etcd): `scripts/test --fast` leaves them out.
[assembly: AssemblyTrait("Layer", "Acceptance")]

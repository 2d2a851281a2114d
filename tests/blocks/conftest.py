"""A stand-in for the embed providers: a local web server answering as each one does.

The answers are recorded oEmbed answers (fixtures/<provider>.json) and a small
thumbnail; a thumbnail address in an answer is moved onto this server, since the
tests have no internet. Tests may make any address answer otherwise (slowly, too
much, an error) with `answer()`.
"""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ANSWERING = ["youtube", "vimeo", "x", "tiktok", "bluesky"]


class Reply:
    def __init__(
        self, body=b"", status=200, content_type="application/json", delay=0, drip=0, headers=()
    ):
        self.body, self.status, self.content_type = body, status, content_type
        self.delay, self.drip = delay, drip  # seconds before answering; between bytes
        self.headers = dict(headers)


class ProviderServer:
    def __init__(self):
        self.replies = {}
        self.asked = []  # the paths and queries asked, in order
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.http.daemon_threads = True
        self.http.block_on_close = False
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        for provider in ANSWERING:
            self.answer(f"/{provider}/oembed", self.recorded(provider))
        self.answer("/thumbnails/", (FIXTURES / "thumbnail.jpg").read_bytes(), "image/jpeg")

    def recorded(self, provider, **changes):
        """The provider's recorded answer, its thumbnail moved onto this server."""
        answer = json.loads((FIXTURES / f"{provider}.json").read_text())
        if "thumbnail_url" in answer:
            where = urlsplit(answer["thumbnail_url"])
            answer["thumbnail_url"] = f"{self.url}/thumbnails/{where.netloc}{where.path}"
        answer.update(changes)
        return json.dumps(answer).encode()

    def answer(self, path, body=b"", content_type="application/json", **options):
        """Answer GETs of `path` (or of any path under it, if it ends in /) with `body`."""
        self.replies[path] = Reply(body, content_type=content_type, **options)

    def reply_for(self, path):
        if path in self.replies:
            return self.replies[path]
        for prefix, reply in self.replies.items():
            if prefix.endswith("/") and path.startswith(prefix):
                return reply
        return Reply(b"not found", status=404, content_type="text/plain")

    def start(self):
        # Polls often, so that stopping after each test is quick.
        threading.Thread(
            target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self):
        self.http.shutdown()
        self.http.server_close()


def _handler(server):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            server.asked.append(self.path)
            reply = server.reply_for(urlsplit(self.path).path)
            time.sleep(reply.delay)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                if not reply.drip:
                    self.wfile.write(reply.body)
                for byte in reply.body if reply.drip else b"":
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(reply.drip)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def providers(settings):
    """The stand-in server, with every provider's endpoint pointed at it."""
    server = ProviderServer().start()
    settings.NEWSROOM_OEMBED_ENDPOINTS = {
        provider: f"{server.url}/{provider}/oembed" for provider in ANSWERING
    }
    settings.NEWSROOM_EMBED_LOOKUP_SECONDS = 2
    yield server
    server.stop()


@pytest.fixture
def closed_port():
    """An address where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"

"""Where a case may go, how servers and keys are kept, and the lines network failures get."""

from __future__ import annotations

import datetime as dt
import email.utils
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from curbside.errors import InputError
from curbside.privacy import Rules
from curbside.remote import (
    Backend,
    BackendError,
    BackendStore,
    RemoteError,
    check_connection,
    check_transport,
    has_key,
    is_loopback,
    open_backend,
    store_key,
)
from curbside.remote.failures import from_exception
from curbside.remote.secrets import SERVICE, read_key_file
from curbside.remote.transport import endpoints
from pytest_httpserver import HTTPServer


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("localhost", True),
        ("[::1]", True),
        ("::1", True),
        ("10.0.0.5", False),
        ("gpu.example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


WARD_HTTP = Rules(allowed_http_hosts=frozenset({"gpu.ward.local"}))


@pytest.mark.parametrize(
    ("url", "rules", "allowed"),
    [
        ("http://127.0.0.1:8080/v1", Rules(), True),
        ("http://localhost:11434/v1", Rules(), True),
        ("https://gpu.example.org/v1", Rules(), True),
        ("http://gpu.example.org/v1", Rules(), False),
        ("http://10.1.2.3:8000/v1", Rules(), False),
        ("http://gpu.ward.local/v1", Rules(allowed_http_hosts=frozenset({"gpu.ward.local"})), True),
        (
            "http://other.ward.local/v1",
            Rules(allowed_http_hosts=frozenset({"gpu.ward.local"})),
            False,
        ),
    ],
)
def test_plain_http_only_to_loopback_or_a_host_the_policy_names(
    url: str, rules: Rules, allowed: bool
) -> None:
    backend = Backend(name="b", url=url)
    if allowed:
        check_transport(backend, rules)
    else:
        with pytest.raises(BackendError, match="unencrypted"):
            check_transport(backend, rules)


def test_a_policys_endpoint_list_limits_the_servers() -> None:
    rules = Rules(allowed_endpoints=("https://GPU.example.org/v1/",))
    check_transport(Backend(name="b", url="https://gpu.example.org/v1"), rules)
    with pytest.raises(BackendError, match="policy does not list"):
        check_transport(Backend(name="b", url="https://other.example.org/v1"), rules)


def test_the_policy_file_sets_the_http_hosts_and_endpoints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('allow_http_hosts = ["gpu.ward.local"]\n')
    monkeypatch.setenv("CURBSIDE_POLICY", str(policy))
    check_transport(Backend(name="b", url="http://gpu.ward.local/v1"))
    with pytest.raises(BackendError, match="unencrypted"):
        check_transport(Backend(name="b", url="http://other.ward.local/v1"))


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://host/v1", "not an http(s) URL"),
        ("https://user:pw@host/v1", "Credentials do not belong"),
        ("https://host/v1?key=1", "query or fragment"),
        ("https:///v1", "not an http(s) URL"),
        ("https://host:99999/v1", "not a usable URL"),
    ],
)
def test_unusable_urls_are_refused(url: str, words: str) -> None:
    with pytest.raises(BackendError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Backend(name="b", url=url).validate()


def test_azure_needs_a_deployment_and_gets_its_url_shape() -> None:
    with pytest.raises(BackendError, match="deployment"):
        Backend(name="az", url="https://res.openai.azure.com", auth="azure").validate()
    backend = Backend(name="az", url="https://res.openai.azure.com/", model="gpt4o", auth="azure")
    where = endpoints(backend.validate(), "k")
    assert where.chat == "https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions"
    assert where.params == {"api-version": "2024-10-21"} and where.headers == {"api-key": "k"}
    assert where.server_root is None  # no tokenizer to ask: the meter estimates


def test_a_server_that_needs_a_key_without_one_says_how_to_store_it() -> None:
    backend = Backend(name="ward", url="https://gpu.example.org/v1", auth="bearer")
    with pytest.raises(BackendError, match="needs an API key"):
        endpoints(backend, None)


def test_servers_are_stored_without_keys_and_keys_in_the_keychain(
    memory_keyring: dict, isolated_profile: Path
) -> None:
    store = BackendStore()
    store.add(Backend(name="ward", url="https://gpu.example.org/v1", model="m", auth="bearer"))
    store_key("ward", "sk-ward-123")
    assert [b.name for b in store.all()] == ["ward"]
    assert "sk-ward-123" not in store.path.read_text()
    assert has_key("ward")
    [(service, account)] = memory_keyring
    assert service == SERVICE and account.startswith("ward@")
    assert store.remove("ward") and not store.remove("ward")


def test_a_damaged_server_list_is_one_line(isolated_profile: Path) -> None:
    store = BackendStore()
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json")
    with pytest.raises(BackendError, match="is damaged"):
        store.all()


def test_an_unknown_server_name_says_where_to_look() -> None:
    with pytest.raises(BackendError, match="backends list"):
        open_backend("nowhere")


@pytest.mark.parametrize(
    ("content", "words"),
    [("", "holds no API key"), ("line one\nline two", "one-line"), ("x" * 9000, "too large")],
)
def test_unusable_key_files(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "key"
    path.write_text(content)
    with pytest.raises(InputError, match=words):
        read_key_file(str(path))


def test_a_key_file_is_read_stripped(tmp_path: Path) -> None:
    path = tmp_path / "key"
    path.write_text("  sk-abc \n")
    assert read_key_file(str(path)) == "sk-abc"


def test_a_dns_failure_is_one_line_naming_the_host() -> None:
    backend = Backend(name="ward", url="https://gpu.example.org/v1")
    error = from_exception(httpx.ConnectError("[Errno -2] Name or service not known"), backend)
    assert error.kind == "dns" and "gpu.example.org" in str(error) and "DNS" in str(error)


# ----- TLS on loopback, with a test certificate authority ---------------------
@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[HTTPServer, Path]]:
    """An HTTPS server for 'localhost' whose certificate a private CA signed; yields the CA."""
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("localhost").configure_cert(context)
    ca_file = tmp_path / "hospital-ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    server = HTTPServer(host="localhost", port=0, ssl_context=context)
    server.start()
    server.expect_request("/v1/models").respond_with_json({"data": [{"id": "m"}]})
    yield server, ca_file
    server.clear()
    if server.is_running():
        server.stop()


def test_an_unknown_certificate_authority_is_a_tls_failure_with_the_ca_bundle_hint(
    tls_server: tuple[HTTPServer, Path],
) -> None:
    server, _ = tls_server
    backend = Backend(name="ward", url=server.url_for("/v1").rstrip("/"))
    with pytest.raises(RemoteError) as caught:
        check_connection(backend, None)
    assert caught.value.kind == "tls"
    assert "certificate" in str(caught.value) and "CA bundle" in str(caught.value)


def test_the_hospitals_ca_bundle_makes_the_certificate_trusted(
    tls_server: tuple[HTTPServer, Path],
) -> None:
    server, ca_file = tls_server
    backend = Backend(name="ward", url=server.url_for("/v1").rstrip("/"), ca_bundle=str(ca_file))
    assert check_connection(backend, None).models == ["m"]


def test_a_proxy_setting_never_carries_a_loopback_request(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "")
    httpserver.expect_request("/v1/models").respond_with_json({"data": [{"id": "m"}]})
    backend = Backend(name="local", url=httpserver.url_for("/v1").rstrip("/"))
    assert check_connection(backend, None).models == ["m"]


def test_retry_after_as_an_http_date() -> None:
    from curbside.remote.failures import from_status

    later = email.utils.format_datetime(
        dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120), usegmt=True
    )
    backend = Backend(name="ward", url="https://gpu.example.org/v1")
    error = from_status(429, httpx.Headers({"Retry-After": later}), b"", backend)
    assert error.retry_after is not None and 100 <= error.retry_after <= 120

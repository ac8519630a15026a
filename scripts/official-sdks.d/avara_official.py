"""pytest plugin: run the official Python SDK's own tests against avara-fake.

scripts/official-sdks loads it with `-p avara_official`. It changes no test:
- it runs the tests the SDK skips ("Mock server tests are disabled"),
- it marks the tests whose request the API refuses (avara_world.REFUSED)
  xfail(strict, BadRequestError), so the run fails if the fake accepts
  them or refuses them otherwise,
- it lets the SDK's conftest run on Debian 12's older pytest-asyncio, and
  skips the aiohttp variants when the aiohttp extra is not installed,
- before each test it resets the fake (avara-fake -reset) to the world
  avara_world.world builds from the ids the test's code names.
"""

import asyncio
import inspect
import json
import os
import re
import urllib.request

import pytest
import pytest_asyncio

import avara_world

if not hasattr(pytest_asyncio, "is_async_test"):

    def is_async_test(item):
        return inspect.iscoroutinefunction(getattr(item, "function", None))

    pytest_asyncio.is_async_test = is_async_test

    class _SessionLoop:
        # The conftest's async client is session-scoped; before 0.23 that
        # needs a session-scoped loop, which later versions make themselves.
        # Registered at configure time, after pytest-asyncio, so that it
        # overrides that plugin's function-scoped one.
        @pytest.fixture(scope="session")
        def event_loop(self):
            loop = asyncio.new_event_loop()
            yield loop
            loop.close()

    def pytest_configure(config):
        config.pluginmanager.register(_SessionLoop(), "avara_official_session_loop")

    def pytest_addoption(parser):
        parser.addini("asyncio_default_fixture_loop_scope", "read by pytest-asyncio >= 0.24; unused here")


_CALL = re.compile(r"^test_(?:method|raw_response|streaming_response|path_params)_(.+?)(_with_all_params)?$")


def test_of(item):
    """The resource, call and whether all params are given, of a test:
    tests.api_resources.auto_scribe.studies.test_external and
    test_method_delete_with_all_params are auto_scribe.studies.external,
    delete, True."""
    parts = item.module.__name__.removeprefix("tests.api_resources.").split(".")
    parts[-1] = parts[-1].removeprefix("test_")
    m = _CALL.match(item.function.__name__)
    return ".".join(parts), (m.group(1) if m else item.function.__name__), bool(m and m.group(2))


def _has_aiohttp():
    try:
        import aiohttp  # noqa: F401
        import httpx_aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


def pytest_collection_modifyitems(items):
    import avara

    aiohttp = _has_aiohttp()
    for item in items:
        if not isinstance(item, pytest.Function):
            continue
        item.own_markers = [
            m
            for m in item.own_markers
            if not (m.name == "skip" and "Mock server tests are disabled" in str(m.kwargs.get("reason", "")))
        ]
        why = avara_world.refused(*test_of(item))
        if why and not item.function.__name__.startswith("test_path_params_"):
            item.add_marker(pytest.mark.xfail(reason="the API refuses it: the test " + why, raises=avara.BadRequestError, strict=True))
        param = getattr(item, "callspec", None) and item.callspec.params.get("async_client")
        if not aiohttp and isinstance(param, dict) and param.get("http_client") == "aiohttp":
            item.add_marker(pytest.mark.skip(reason="the aiohttp extra (aiohttp, httpx_aiohttp) is not installed"))


@pytest.fixture(autouse=True)
def _avara_fake_world(request):
    base = os.environ.get("TEST_API_BASE_URL")
    if base and os.environ.get("AVARA_FAKE_RESET") and isinstance(request.node, pytest.Function):
        resource, call, _ = test_of(request.node)
        seed = avara_world.world(resource, call, inspect.getsource(request.node.function))
        req = urllib.request.Request(
            base.rstrip("/") + "/avara-fake/reset",
            data=json.dumps(seed).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(req).read()
    yield

"""deploy/ cannot run here (no containers, no systemd): read it and check it against the code.

Every command it runs must be one of ours, every LETTERS_* variable one the app reads, and the
proxy must point at the app servers; the compose file must describe the tested topology.
"""

from __future__ import annotations

import configparser
import importlib.util
import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml

from letters.config import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
# Read outside DEFAULTS: the instance folder is needed before the configuration exists.
READ_BEFORE_CONFIG = {"INSTANCE_PATH"}


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def units() -> dict[str, configparser.ConfigParser]:
    parsed = {}
    for path in sorted((DEPLOY / "systemd").glob("*.service")):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str  # systemd keys are case-sensitive
        parser.read_string(path.read_text(encoding="utf-8"))
        parsed[path.name] = parser
    return parsed


def env_file() -> dict[str, str]:
    text = (DEPLOY / "systemd" / "letters.env.example").read_text(encoding="utf-8")
    pairs = [line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")]
    return dict(pairs)


def commands() -> list[list[str]]:
    """Every command line the deployment runs, from compose and systemd alike."""
    found = [s["command"] for s in compose()["services"].values() if "command" in s]
    for unit in units().values():
        found.append(shlex.split(unit["Service"]["ExecStart"]))
    return [[Path(command[0]).name, *command[1:]] for command in found]


def assert_letters_variables(names) -> None:
    ours = {name for name in names if name.startswith("LETTERS_")} - {"LETTERS_DOMAIN"}
    unknown = {
        n for n in ours if n.removeprefix("LETTERS_") not in {*DEFAULTS, *READ_BEFORE_CONFIG}
    }
    assert not unknown, f"variables the app does not read: {unknown}"
    assert {"LETTERS_DATABASE_URL", "LETTERS_REDIS_URL", "LETTERS_SECRET_KEY"} <= ours


def test_the_compose_topology():
    services = compose()["services"]
    assert {"app1", "app2", "worker", "db", "redis", "proxy", "migrate"} <= set(services)
    assert services["worker"]["deploy"]["replicas"] == 2
    for name in ("app1", "app2", "worker", "migrate"):
        assert_letters_variables(services[name]["environment"])
    for name in ("app1", "app2"):
        assert services[name]["command"][0] == "gunicorn"
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )
    assert services["worker"]["environment"]["LETTERS_REDIS_URL"] == "redis://redis:6379/0"
    assert services["proxy"]["ports"] == ["80:80", "443:443"]


def test_the_proxy_sends_requests_to_every_app_server():
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    [upstreams] = re.findall(r"reverse_proxy ([^{\n]+)", caddyfile)
    binds = {}
    for name, service in compose()["services"].items():
        command = service.get("command", [])
        if command and command[0] == "gunicorn":
            binds[name] = command[command.index("--bind") + 1].rsplit(":", 1)[1]
    assert sorted(upstreams.split()) == sorted(f"{name}:{port}" for name, port in binds.items())
    assert "LETTERS_PROXY_COUNT" in compose()["services"]["app1"]["environment"]


def test_systemd_units_read_the_same_configuration():
    parsed = units()
    assert set(parsed) == {
        "letters-migrate.service", "letters-web.service", "letters-worker@.service"
    }  # fmt: skip
    for unit in parsed.values():
        assert unit["Service"]["EnvironmentFile"] == "/etc/letters/letters.env"
    assert_letters_variables(env_file())
    compose_names = set(compose()["services"]["app1"]["environment"])
    assert set(env_file()) == compose_names


@pytest.mark.parametrize("command", commands(), ids=lambda c: " ".join(c[:3]))
def test_every_command_exists(command, runner):
    program, *args = command
    if program == "letters":
        words = [a for a in args if not a.startswith("-")]
        result = runner.invoke(args=[*words, "--help"])
        assert result.exit_code == 0, result.output
        for option in (a.split("=")[0] for a in args if a.startswith("--")):
            assert option in result.output
    elif program == "gunicorn":
        module, attribute = args[-1].split(":")
        spec = importlib.util.find_spec(module)
        assert spec is not None
        assert re.search(rf"^{attribute} = ", Path(spec.origin).read_text(), re.MULTILINE)
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        assert any(d.startswith("gunicorn") for d in extras["optional-dependencies"]["deploy"])
    else:
        assert program in {"redis-server"}, f"unexpected program {program}"


def test_the_deploy_extra_brings_the_queue_and_its_redis_client():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deploy = " ".join(project["optional-dependencies"]["deploy"])
    assert "gunicorn" in deploy and "redis" in deploy
    assert any(d.startswith("huey") for d in project["dependencies"])

"""The production-like stack runs the same commands as `make run` (Procfile)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip())


def test_compose_runs_the_procfiles_worker_and_beat_commands():
    compose = (ROOT / "docker-compose.yml").read_text()
    for process in ("worker", "mailer", "beat"):
        # `make run` restarts a process that exits (scripts/keep-running.sh); compose does it
        # with `restart: unless-stopped`.
        command = procfile()[process].removeprefix("scripts/keep-running.sh ")
        assert f"command: {command}" in compose


def test_every_procfile_process_is_started_again_when_it_exits():
    assert all(command.startswith("scripts/keep-running.sh ") for command in procfile().values())


def test_compose_has_every_service_with_a_health_check_where_it_matters():
    compose = (ROOT / "docker-compose.yml").read_text()
    for service in ("web", "worker", "beat", "db", "redis"):
        assert f"\n  {service}:\n" in compose
    assert compose.count("healthcheck:") >= 4
    assert "--appendonly yes" in compose


def test_ci_runs_exactly_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make run" in readme

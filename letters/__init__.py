"""letters: write paper letters to political prisoners in Russia."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from letters.config import DEFAULTS, ConfigurationError, apply_defaults, check_kinds
from letters.resources import resource_dir

__all__ = ["ConfigurationError", "create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: defaults, then ``LETTERS_*`` variables, or the test's settings."""
    instance_path = os.environ.get("LETTERS_INSTANCE_PATH") or None
    if test_config and test_config.get("INSTANCE_PATH"):
        instance_path = test_config["INSTANCE_PATH"]
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
    )
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_prefixed_env("LETTERS")
    else:
        app.config.from_mapping(test_config)
    check_kinds(app.config)
    apply_defaults(app.config, app.instance_path)
    from letters.mail import check_settings as check_mail_settings

    check_mail_settings(app.config)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    _init_extensions(app)
    _register_features(app)
    return app


def _init_extensions(app: Flask) -> None:
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from letters.database import MIGRATIONS_DIR, redacted
    from letters.extensions import csrf, db, limiter, migrate

    try:
        db.init_app(app)
    except ModuleNotFoundError as exc:
        # The PostgreSQL driver is an extra: a SQLite installation does not need it.
        url = redacted(app.config["SQLALCHEMY_DATABASE_URI"])
        raise ConfigurationError(
            f"LETTERS_DATABASE_URL {url} needs the database driver {exc.name!r}, which is not "
            "installed; for PostgreSQL: pip install 'letters[postgres]'"
        ) from exc
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        url = redacted(app.config["SQLALCHEMY_DATABASE_URI"])
        raise ConfigurationError(
            f"LETTERS_DATABASE_URL {url} is not a usable database URL ({exc}); "
            "use sqlite:///path or postgresql+psycopg://user:password@host/dbname"
        ) from exc
    # Batch mode lets later migrations alter tables on SQLite, which lacks ALTER COLUMN.
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    import letters.ratelimits  # noqa: F401 - registers the sqlite:// counter store first

    limiter.init_app(app)


def _register_features(app: Flask) -> None:
    """Each feature owns its blueprint, models and commands and registers them here."""
    from letters import api, auth, i18n, logs, once, web
    from letters.batches import init_app as init_batches
    from letters.catalogues import translate_group
    from letters.directory import init_app as init_directory
    from letters.evenings import init_app as init_evenings
    from letters.jobs import init_app as init_jobs
    from letters.postcards import init_app as init_postcards
    from letters.replies import init_app as init_replies
    from letters.reports import init_app as init_reports
    from letters.translating import init_app as init_translating
    from letters.writing import init_app as init_writing

    logs.init_app(app)
    once.init_app(app)
    web.init_routing(app)
    i18n.init_app(app)
    app.cli.add_command(translate_group)
    web.init_app(app)
    auth.init_app(app)
    api.init_app(app)
    init_directory(app)
    init_reports(app)
    init_evenings(app)
    init_postcards(app)
    init_batches(app)
    init_jobs(app)
    init_writing(app)
    init_replies(app)
    init_translating(app)
    _register_template_filters(app)


def _register_template_filters(app: Flask) -> None:
    """Every filter the templates use, registered in this one place; each is defined beside
    the idea it shows."""
    from letters.batches.views import batch_status
    from letters.directory.pages import service_name
    from letters.i18n import stored_message
    from letters.web.views import dated, long_date
    from letters.writing.views import ago

    for function in (stored_message, long_date, dated, ago, service_name, batch_status):
        app.add_template_filter(function)
